from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from catalog import selectors as catalog_selectors
from marketplace.cms.models import LivestreamPage
from marketplace.cms.sanitise import validate_web_url
from vietnam.uploads import validate_document_upload, validate_image_upload

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LivestreamProposalForm(forms.ModelForm):
    """What a seller fills in on a phone; the host is always the seller itself.
    Times are Vietnam time; the model's rules (end after start, http(s)
    addresses) give the field messages."""

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
        )

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
