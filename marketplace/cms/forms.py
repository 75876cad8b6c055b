from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from catalog import selectors as catalog_selectors
from marketplace.cms.models import (
    COMPLAINT_MAX_CHARS,
    LivestreamComplaint,
    LivestreamPage,
)
from marketplace.cms.sanitise import validate_web_url
from vietnam.uploads import validate_document_upload, validate_image_upload
from vietnam.validators import normalise_mobile, validate_mobile

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LivestreamProposalForm(forms.ModelForm):
    """What a seller fills in on a phone; the host is always the seller itself.
    Times are Vietnam time; the model's rules (end after start, http(s)
    addresses) give the field messages."""

    streamer_name = forms.CharField(
        label=_("Livestreamer's full name"),
        max_length=120,
        help_text=_(
            "The marketplace checks the livestreamer's identity document before "
            "the livestream is published."
        ),
    )
    streamer_phone = forms.CharField(label=_("Livestreamer's mobile"), max_length=20)
    products = forms.ModelMultipleChoiceField(
        label=_("Products to show"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = LivestreamPage
        fields = ["title", "platform", "stream_url", "starts_at", "ends_at", "summary"]
        widgets = {"starts_at": MOMENT, "ends_at": MOMENT}
        labels = {"title": _("Livestream title")}

    def __init__(self, *args, seller, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.host = seller
        self.fields["stream_url"].error_messages["invalid"] = validate_web_url.message
        self.fields["products"].queryset = catalog_selectors.products_for_listing(
            partner=seller.partner
        ).filter(catalog_selectors.quality_documents_in_force_q())
        self.fields["products"].help_text = _(
            "Only products with a quality certificate in force (OCOP, VietGAP, "
            "organic...) can be sold in a livestream."
        )

    def clean_streamer_phone(self):
        phone = normalise_mobile(self.cleaned_data["streamer_phone"].strip())
        validate_mobile(phone)
        return phone

    def _post_clean(self):
        # Only the fields above are checked here; the page's tree fields are
        # set by the service when it files the proposal.
        self._validate_unique = False
        super()._post_clean()


def _checked_first(field, validate) -> None:
    """Run our upload check before the field's own (Wagtail's messages have no
    Vietnamese, and its format check decodes more than the header)."""
    field_to_python = field.to_python

    def to_python(data):
        if isinstance(data, UploadedFile):
            validate(data)
        return field_to_python(data)

    field.to_python = to_python


class CheckedImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the upload
    check every other picture passes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            _checked_first(self.fields["file"], validate_image_upload)


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): PDF, JPEG or
    PNG by their content, like sellers' documents."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            _checked_first(self.fields["file"], validate_document_upload)


class ComplaintForm(forms.ModelForm):
    """A viewer's report from the live page: no account, phone optional. A
    message past the limit gets a field message, HTML is kept as text."""

    class Meta:
        model = LivestreamComplaint
        fields = ["message", "name", "phone"]
        widgets = {
            "message": forms.Textarea(
                attrs={"rows": 4, "maxlength": COMPLAINT_MAX_CHARS}
            ),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def clean_phone(self):
        return normalise_mobile(self.cleaned_data["phone"].strip())

    def _post_clean(self):
        # The livestream is set by the view through the service.
        self._validate_unique = False
        super()._post_clean()
