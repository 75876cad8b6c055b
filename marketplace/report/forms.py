"""The report's only input: which month (empty means every month)."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class ReportFilterForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-07"}),
        help_text=_("Empty the field for every month."),
    )

    def clean_month(self) -> date | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        found = MONTH.match(value)
        year, month = (int(part) for part in found.groups()) if found else (0, 0)
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError(
                _("Enter a month as YYYY-MM, e.g. 2026-07."), code="invalid"
            )
        return date(year, month, 1)
