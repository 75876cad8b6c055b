from django import forms
from django.utils.translation import gettext_lazy as _

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
