from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.forms import ListingFilterForm
from search.selectors import PRICE_BANDS

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.SearchInput(
            attrs={"placeholder": _("Search OCOP products…"), "autocomplete": "off"}
        ),
    )

    def query(self) -> str:
        """The query trimmed to a length the backends handle; never raises."""
        if not self.is_valid():
            return ""
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_LENGTH]

    @property
    def was_shortened(self) -> bool:
        return (
            self.is_valid()
            and len(" ".join(self.cleaned_data["q"].split())) > MAX_QUERY_LENGTH
        )


class ResultFilterForm(ListingFilterForm):
    """The listing filters plus category, seller, price band and sort; bad values
    are dropped."""

    category = forms.IntegerField(required=False, min_value=1)
    seller = forms.SlugField(required=False)
    price = forms.ChoiceField(
        required=False, choices=[("", "")] + [(c, c) for c, _l, _h in PRICE_BANDS]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("relevance", _("Relevance")),
            ("price_asc", _("Price, low to high")),
            ("price_desc", _("Price, high to low")),
            ("newest", _("Newest")),
            ("rating", _("Best rated")),
        ],
    )
