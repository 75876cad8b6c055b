from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from sellers.models import (
    DOCUMENT_VALIDATORS,
    DocumentKind,
    SellerDocument,
    SellerProfile,
    ShippingRule,
    WeightBand,
)
from vietnam.forms import (
    LegacyAddressMixin,
    LenientFilterForm,
    WardChoicesMixin,
    WardField,
    province_filter_field,
)
from vietnam.images import strip_metadata
from vietnam.ocop import OcopGroup
from vietnam.validators import normalise_mobile, normalise_tax_code

DATE = forms.DateInput(attrs={"type": "date"})


def certificate_fields(*, file, number, valid_until) -> tuple:
    """An optional certificate on an application: its scan, number and expiry."""
    return (
        forms.FileField(label=file, required=False, validators=DOCUMENT_VALIDATORS),
        forms.CharField(label=number, max_length=64, required=False),
        forms.DateField(label=valid_until, required=False, widget=DATE),
    )


class ShopContactMixin:
    """Phone numbers normalised, pictures re-encoded without EXIF: the same on
    the application and on the seller's own profile form."""

    def clean_phone(self):
        return normalise_mobile(self.cleaned_data["phone"])

    def clean_logo(self):
        return _without_metadata(self.cleaned_data.get("logo"))

    def clean_banner(self):
        return _without_metadata(self.cleaned_data.get("banner"))


class SellerApplicationForm(
    ShopContactMixin, LegacyAddressMixin, WardChoicesMixin, forms.ModelForm
):
    """What a producer fills in on a phone to apply; documents are scans."""

    name = forms.CharField(
        label=_("Shop name"),
        max_length=128,
        help_text=_("As shoppers will see it, e.g. HTX Chè Cẩm Mỹ"),
    )
    ward = WardField(label=_("Commune or ward"))
    # Wider than the stored 10 digits: "+84 912 345 678" is normalised in clean_phone.
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    TAX_CODE_TAKEN = _(
        "A shop or an application with this tax code already exists. "
        "If it is yours, contact the marketplace staff."
    )
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"unique": TAX_CODE_TAKEN},
    )
    registration_file = forms.FileField(
        label=_("Business registration (PDF or photo)"), validators=DOCUMENT_VALIDATORS
    )
    registration_number = forms.CharField(label=_("Registration number"), max_length=64)
    ocop_file, ocop_number, ocop_expires_on = certificate_fields(
        file=_("OCOP certificate"),
        number=_("OCOP decision number"),
        valid_until=_("OCOP certificate valid until"),
    )
    vietgap_file, vietgap_number, vietgap_expires_on = certificate_fields(
        file=_("VietGAP certificate"),
        number=_("VietGAP certificate number"),
        valid_until=_("VietGAP valid until"),
    )

    class Meta:
        model = SellerProfile
        fields = [
            "kind",
            "legal_name",
            "tax_code",
            "representative",
            "phone",
            "email",
            "street",
            "province",
            "ward",
            "story",
            "logo",
            "banner",
        ]
        widgets = {
            "story": forms.Textarea(attrs={"rows": 4}),
        }

    document_slots = (
        (DocumentKind.BUSINESS_REGISTRATION, "registration"),
        (DocumentKind.OCOP_CERTIFICATE, "ocop"),
        (DocumentKind.VIETGAP_CERTIFICATE, "vietgap"),
    )

    shop_field_names = (
        "name",
        "kind",
        "legal_name",
        "tax_code",
        "representative",
        "phone",
        "email",
        "story",
        "logo",
        "banner",
    )

    def shop_fields(self):
        return [self[name] for name in self.shop_field_names]

    def document_fields(self):
        return [
            self[name]
            for _kind, prefix in self.document_slots
            for name in self.fields
            if name.startswith(f"{prefix}_")
        ]

    def clean_tax_code(self):
        return normalise_tax_code(self.cleaned_data["tax_code"])

    def clean(self):
        cleaned = super().clean()
        for _kind, prefix in self.document_slots[1:]:
            if cleaned.get(f"{prefix}_file") and not cleaned.get(f"{prefix}_number"):
                self.add_error(
                    f"{prefix}_number",
                    _("Enter the number printed on the certificate."),
                )
        return cleaned

    def documents(self) -> list[dict]:
        return [
            {
                "kind": kind,
                "file": self.cleaned_data[f"{prefix}_file"],
                "number": self.cleaned_data.get(f"{prefix}_number", ""),
                "expires_on": self.cleaned_data.get(f"{prefix}_expires_on"),
            }
            for kind, prefix in self.document_slots
            if self.cleaned_data.get(f"{prefix}_file")
        ]

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReviewForm(forms.Form):
    """Staff's decision on an application or a shop; a reason goes to the seller."""

    ACTIONS = [
        ("approve", _("Approve")),
        ("request_changes", _("Ask for changes")),
        ("reject", _("Reject")),
        ("suspend", _("Suspend")),
        ("reinstate", _("Reinstate")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason given to the seller"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") in {"request_changes", "reject", "suspend"}
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Tell the seller why."))
        return cleaned


class DirectoryFilterForm(LenientFilterForm):
    province = province_filter_field()
    ocop_group = forms.ChoiceField(
        label=_("OCOP product group"),
        required=False,
        choices=[("", _("All"))] + list(OcopGroup.choices),
    )


class SellerProfileForm(
    ShopContactMixin, LegacyAddressMixin, WardChoicesMixin, forms.ModelForm
):
    """What a seller may change on its own; legal identity and status stay with staff."""

    ward = WardField(label=_("Commune or ward"))

    class Meta:
        model = SellerProfile
        fields = [
            "representative",
            "phone",
            "street",
            "province",
            "ward",
            "story",
            "logo",
            "banner",
        ]
        widgets = {"story": forms.Textarea(attrs={"rows": 6})}


class SellerDocumentForm(forms.ModelForm):
    class Meta:
        model = SellerDocument
        fields = ["kind", "file", "number", "expires_on"]
        widgets = {"expires_on": DATE}


class ShippingRuleForm(forms.ModelForm):
    class Meta:
        model = ShippingRule
        fields = ["same_province_fee", "other_province_fee", "free_from"]
        widgets = {
            name: forms.NumberInput(attrs={"inputmode": "numeric", "step": 1000})
            for name in fields
        }


WeightBandFormSet = forms.inlineformset_factory(
    ShippingRule,
    WeightBand,
    fields=["over_grams", "surcharge"],
    extra=2,
    can_delete=True,
)


def _without_metadata(picture):
    return strip_metadata(picture) if isinstance(picture, UploadedFile) else picture


class StockForm(forms.Form):
    """Units on hand of one stock record, from the workspace's stock page."""

    record = forms.IntegerField(widget=forms.HiddenInput)
    num_in_stock = forms.IntegerField(
        label=_("In stock"), min_value=0, max_value=1_000_000
    )
