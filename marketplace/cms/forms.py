from django import forms
from django.utils.translation import gettext_lazy as _

from catalog import selectors as catalog_selectors
from marketplace.cms.models import LivestreamPage
from marketplace.cms.sanitise import validate_web_url

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
