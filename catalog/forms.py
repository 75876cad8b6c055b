from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import CertificationScheme
from vietnam.forms import LenientFilterForm, province_filter_field
from vietnam.ocop import OcopStars


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
    order = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Featured")),
            ("price", _("Price, low to high")),
            ("-price", _("Price, high to low")),
            ("stars", _("Most OCOP stars")),
        ],
    )
