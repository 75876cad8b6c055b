"""The livestream page's admin form: it carries the E-commerce Law's checks to
the editor's screen as form messages rather than an error page."""

from wagtail.admin.forms import WagtailAdminPageForm

from marketplace.cms import duties


class LivestreamPageForm(WagtailAdminPageForm):
    """Publishing (directly or by approving the moderation task) is refused
    with the reasons while a streamer is unverified or a featured product
    lacks quality documents; drafts may still be saved."""

    def is_publishing(self) -> bool:
        return bool(self.data.get("action-publish")) or (
            bool(self.data.get("action-workflow-action"))
            and self.data.get("workflow-action-name") == "approve"
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.is_publishing():
            problems = duties.publish_problems(
                streamers=self._chosen("streamers", "livestreamer"),
                products=self._chosen("featured_products", "product"),
            )
            for problem in problems:
                self.add_error(None, problem)
        return cleaned_data

    def _chosen(self, relation: str, field: str) -> list:
        formset = self.formsets[relation]
        if not formset.is_valid():
            return []
        return [
            form.cleaned_data[field]
            for form in formset.forms
            if form.cleaned_data.get(field) and not form.cleaned_data.get("DELETE")
        ]
