"""Form fields for Vietnamese addresses (the commune/ward follows the province)
and for query-string filters that drop a bad value instead of failing the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vietnam import legacy, places


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


FIND_NEW_UNIT = "find_new_unit"


def _old_address_typed(data) -> str:
    return str(data.get("old_address") or "").strip()


def _lookup_asked(data) -> bool:
    """The "find the new commune" button, with an old address to look up.
    Enter in any field sends the form with its first button, which is that
    one (it comes before the form's own): with no old address typed, it is
    the form's own send (a shopper pressing Enter in the phone field places
    the order)."""
    return FIND_NEW_UNIT in data and bool(_old_address_typed(data))


def only_reshown(data) -> bool:
    """The form was sent to list a province's communes or to look up an old
    address, not to be saved."""
    return "choose_province" in data or _lookup_asked(data)


class LegacyAddressMixin:
    """Forms with `province`, `ward` and `street` (after WardChoicesMixin):
    an address written the old way (district, old commune, a province merged
    in 2025), typed in "old address" or in the street line, is turned into
    the 2025 province and commune, filled in for the person to check and send
    again. Nothing is saved on a guess: the first send only fills the fields.
    An address nobody can map stays as typed and the commune is left to pick.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_address"] = forms.CharField(
            label=_("Old address (before 1 July 2025)"),
            required=False,
            max_length=legacy.MAX_LENGTH,
            help_text=_(
                "Only if you know the old one: e.g. xã Tất Thắng, huyện Thanh Sơn, "
                "tỉnh Phú Thọ. We find the commune or ward it is in now."
            ),
        )
        self.order_fields(self._order_with_old_address())
        self.legacy_suggestion = None
        self.legacy_message = ""
        if self.is_bound:
            self._legacy_apply()

    def _order_with_old_address(self) -> list[str]:
        names = [name for name in self.fields if name != "old_address"]
        at = names.index("province") if "province" in names else len(names)
        return names[:at] + ["old_address"] + names[at:]

    def _legacy_apply(self) -> None:
        data = self.data
        if data.get("ward") and not _lookup_asked(data):
            return  # the person picked the commune: their choice stands
        typed = _old_address_typed(data)
        text = typed or str(data.get("street") or "").strip()
        if not text:
            return
        suggestion = legacy.legacy_address_suggest(text)
        if suggestion is None or (
            not typed and suggestion.ward is None and data.get("province")
        ):
            if typed:
                self.legacy_message = _(
                    "We could not find the new commune or ward for this old "
                    "address. It is kept as you typed it: please pick the "
                    "province and the commune or ward in the lists."
                )
            return
        self.data = data = data.copy()
        data["province"] = str(suggestion.province)
        data["ward"] = str(suggestion.ward or "")
        if not typed and suggestion.street:
            data["street"] = suggestion.street
        self.fields["ward"].limit_to(suggestion.province)
        self.legacy_suggestion = suggestion
        old = suggestion.old_label or text
        if suggestion.ward:
            self.legacy_message = _(
                "%(old)s is now %(new)s. We filled in the new province and "
                "commune or ward: check them, then send the form again."
            ) % {"old": old, "new": suggestion.label}
        else:
            # An old district split between communes, or a commune the
            # library could not confirm: the province alone is certain.
            self.legacy_message = _(
                "This address is now in %(province)s, but we could not tell "
                "the new commune or ward: please pick it in the list."
            ) % {"province": suggestion.label}

    def clean(self):
        cleaned = super().clean()
        if self.legacy_message:
            self.add_error("old_address", self.legacy_message)
        return cleaned


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
