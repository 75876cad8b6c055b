"""Staff-only Wagtail admin for the E-commerce Law's livestream duties: the
streamers' identities (verified before publication, every change kept as a
revision), the viewers' complaints queue and the records' CSV export."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from marketplace.cms import services
from marketplace.cms.models import LivestreamComplaint, Livestreamer

IDENTITY_FIELDS = ("full_name", "document_kind", "document_number")


class LivestreamerAdminForm(WagtailAdminModelForm):
    """Ticking "verified" records who verified and when; changing the name or
    the document of a verified streamer re-stamps it with the editor who did."""

    verified = forms.BooleanField(
        label=_("Identity verified against the original document"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified"].initial = self.instance.is_verified

    def _post_clean(self):
        # Stamped before the model's checks run: they refuse "verified"
        # without a document number.
        livestreamer = self.instance
        if not self.cleaned_data.get("verified"):
            livestreamer.verified_at, livestreamer.verified_by = None, None
        elif not livestreamer.verified_at or any(
            name in self.changed_data for name in IDENTITY_FIELDS
        ):
            livestreamer.verified_at = timezone.now()
            livestreamer.verified_by = self.for_user
        super()._post_clean()


class ComplaintAdminForm(WagtailAdminModelForm):
    """Staff move a complaint forward and write the reply; the service keeps
    the order of steps and stamps who handled it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status_before = self.instance.status

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if status:
            try:
                services.complaint_transition_check(
                    current=self.status_before, new=status
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data

    def save(self, commit=True):
        return services.complaint_handle(
            complaint=self.instance,
            user=self.for_user,
            status=self.cleaned_data["status"],
            reply=self.cleaned_data.get("reply", ""),
        )


class LivestreamerViewSet(SnippetViewSet):
    model = Livestreamer
    icon = "user"
    menu_label = _("Livestreamers")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["full_name", "phone", "is_verified", "verified_at"]
    search_fields = ["full_name", "phone", "document_number"]
    edit_handler = ObjectList(
        [
            FieldPanel("full_name"),
            FieldPanel("phone"),
            FieldRowPanel([FieldPanel("document_kind"), FieldPanel("document_number")]),
            FieldPanel("verified"),
            FieldPanel("note"),
        ],
        base_form_class=LivestreamerAdminForm,
    )


class ComplaintViewSet(SnippetViewSet):
    model = LivestreamComplaint
    icon = "warning"
    menu_label = _("Livestream complaints")
    menu_order = 301
    add_to_admin_menu = True
    list_display = ["__str__", "status", "created_at", "phone"]
    list_filter = ["status"]
    edit_handler = ObjectList(
        [
            FieldPanel("livestream", read_only=True),
            FieldPanel("created_at", read_only=True),
            FieldPanel("name", read_only=True),
            FieldPanel("phone", read_only=True),
            FieldPanel("message", read_only=True),
            FieldPanel("status"),
            FieldPanel("reply"),
        ],
        base_form_class=ComplaintAdminForm,
    )
