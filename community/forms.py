from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import ConsentMethod, HelperRight
from sellers.forms import SellerApplicationForm
from vietnam import places
from vietnam.validators import normalise_mobile

User = get_user_model()


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

    shop_field_names = tuple(
        name for name in SellerApplicationForm.shop_field_names if name != "kind"
    )

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


class HelperApprovalForm(forms.Form):
    """Staff name a user a helper of the communes of one province."""

    email = forms.EmailField(
        label=_("Email of the helper's account"),
        help_text=_("The person registers a shopper account first."),
    )
    team = forms.CharField(label=_("Community digital team"), max_length=200)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    province = forms.TypedChoiceField(
        label=_("Province"), coerce=int, choices=[("", "---------")]
    )
    wards = forms.TypedMultipleChoiceField(
        label=_("Communes"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices += places.province_choices()
        try:
            province = int(self.data.get("province") or 0)
        except ValueError:
            province = 0
        self.fields["wards"].choices = places.ward_choices(province) if province else []

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return normalise_mobile(phone) if phone else ""

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account uses this email."))
        if user.is_staff or user.partners.exists():
            raise forms.ValidationError(
                _("Staff and sellers' own accounts cannot be helpers.")
            )
        self.user = user
        return email
