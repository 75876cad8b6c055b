from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import ConsentMethod, HelperRight
from sellers.forms import SellerApplicationForm


class HouseholdApplicationForm(SellerApplicationForm):
    """The seller application, filled in by a helper beside the household,
    plus the household's consent. The kind is always "household business"."""

    given_by = forms.CharField(
        label=_("Household member who agreed"),
        max_length=120,
        help_text=_("Full name, e.g. Nguyễn Thị Lan"),
    )
    consent_method = forms.ChoiceField(
        label=_("How the household agreed"), choices=ConsentMethod.choices
    )
    consent_given_at = forms.DateTimeField(
        label=_("When the household agreed"),
        initial=timezone.now,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )

    consent_field_names = ("given_by", "consent_method", "consent_given_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]

    def consent_fields(self):
        return [self[name] for name in self.consent_field_names]

    def shop_fields(self):
        return [field for field in super().shop_fields() if field.name != "kind"]

    def profile_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.cleaned_data
        }


class GrantForm(forms.Form):
    rights = forms.MultipleChoiceField(
        label=_("What this helper may do"),
        choices=HelperRight.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one right.")},
    )
