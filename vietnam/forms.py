"""Form fields for Vietnamese addresses (the commune/ward follows the province)
and for query-string filters that drop a bad value instead of failing the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vietnam import places


class WardField(forms.TypedChoiceField):
    """Communes/wards of one province: the choices follow the province chosen."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)

    def limit_to(self, province) -> None:
        """`province` may come raw from POST data; junk lists no communes."""
        try:
            province = int(province) if province else None
        except (TypeError, ValueError):
            province = None
        wards = places.ward_choices(province) if province else []
        self.choices = [
            ("", _("Choose the province first") if not province else "---------")
        ] + wards


class WardChoicesMixin:
    """Forms with `province` and `ward`: the ward choices follow the province
    posted, or the one the form starts with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        province = (
            self.data.get("province")
            or self.initial.get("province")
            or getattr(instance, "province", None)
        )
        self.fields["ward"].limit_to(province)


def province_filter_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Province"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [("", _("All provinces"))] + places.province_choices(),
    )


class LenientFilterForm(forms.Form):
    """Query-string filters where a bad value is dropped rather than failing the page."""

    def filters(self) -> dict:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned.get(name) or None
            for name in self.fields
            if name not in self.errors
        }

    @property
    def has_ignored(self) -> bool:
        return self.is_bound and bool(self.errors)
