from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.checkout.models import PaymentMethod
from marketplace.checkout.selectors import saved_address_label
from vietnam import places
from vietnam.forms import LegacyAddressMixin, WardChoicesMixin, WardField
from vietnam.validators import normalise_mobile, validate_mobile


class CheckoutForm(LegacyAddressMixin, WardChoicesMixin, forms.Form):
    """Everything a shopper types on a phone, on one page: who receives the
    parcel, where (province → commune/ward, 2025 units, or an old address
    turned into them) and how they pay."""

    saved_address = forms.TypedChoiceField(
        label=_("Saved addresses"), coerce=int, required=False, empty_value=None
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "type": "tel"}
        ),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Optional: we send the order confirmation there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    province = forms.TypedChoiceField(label=_("Province"), coerce=int, empty_value=None)
    ward = WardField(label=_("Commune or ward"))
    street = forms.CharField(
        label=_("Street, hamlet"),
        max_length=255,
        help_text=_("House number, street or hamlet (thôn, xóm, ấp)"),
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    note = forms.CharField(
        label=_("Note for the seller"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    payment_method = forms.ChoiceField(
        label=_("Payment method"),
        choices=PaymentMethod.choices,
        initial=PaymentMethod.CASH_ON_DELIVERY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, saved_addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not settings.CARD_PAYMENTS:
            self.fields["payment_method"].choices = [
                choice
                for choice in PaymentMethod.choices
                if choice[0] != PaymentMethod.CARD
            ]
        self.fields["province"].choices = [("", "---------")] + list(
            places.province_choices()
        )
        if saved_addresses:
            self.fields["saved_address"].choices = [("", "---------")] + [
                (address.pk, saved_address_label(address))
                for address in saved_addresses
            ]
        else:
            del self.fields["saved_address"]

    def clean_phone(self):
        phone = normalise_mobile(self.cleaned_data["phone"])
        validate_mobile(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        try:
            places.validate_ward_in_province(
                province_code=cleaned.get("province"), ward_code=cleaned.get("ward")
            )
        except forms.ValidationError as error:
            self.add_error("ward", error)
        return cleaned
