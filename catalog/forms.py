from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import CertificationScheme, OcopStars
from vietnam import places


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


class ListingFilterForm(LenientFilterForm):
    """Query-string filters of category and catalogue pages; bad values are dropped."""

    stars = forms.TypedChoiceField(
        label=_("OCOP stars"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All"))] + [(s.value, s.label) for s in OcopStars],
    )
    province = province_filter_field()
    certification = forms.ChoiceField(
        label=_("Certification"),
        required=False,
        choices=[("", _("All"))] + list(CertificationScheme.choices),
    )
