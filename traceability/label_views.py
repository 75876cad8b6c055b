"""The printable label sheet of a batch, from the seller workspace.

GET without parameters shows a small form; with them (?width=40&height=30&copies=36)
the PDF downloads. A sheet of more than LABELS_IN_REQUEST_MAX labels is made
by the worker instead: the form offers to prepare it (POST), the page lists
the sheets being prepared and ready to download. Bad values show the form
again with messages, never a 500."""

import logging
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from traceability import gs1, labels, selectors, services
from traceability.models import LabelSheet, LabelSheetStatus
from traceability.workspace_views import BatchMixin

PARAMETERS = ("width", "height", "copies")
logger = logging.getLogger(__name__)


class MillimetreField(forms.FloatField):
    """A size in mm; "40,5" (the Vietnamese decimal comma) is read as 40.5."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class LabelSheetForm(forms.Form):
    width = MillimetreField(
        label=_("Label width (mm)"),
        min_value=labels.MIN_LABEL,
        max_value=labels.MAX_LABEL,
        initial=40,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    height = MillimetreField(
        label=_("Label height (mm)"),
        min_value=labels.MIN_LABEL,
        max_value=labels.MAX_LABEL,
        initial=30,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        help_text=_("From 20 to 100 mm each way. 40 × 30 mm fits 36 labels a page."),
    )
    copies = forms.IntegerField(
        label=_("Number of labels"),
        min_value=1,
        max_value=labels.MAX_COPIES,
        initial=1,
    )

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                labels.validate(
                    label_width_mm=data["width"],
                    label_height_mm=data["height"],
                    copies=data["copies"],
                )
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return data


class BatchLabelsView(BatchMixin, TemplateView):
    """A TemplateView (a View with context and template rendering): the
    workspace mixin adds the seller to the template context."""

    template_name = "traceability/workspace/labels.html"

    def get(self, request, *args, **kwargs):
        batch = self.get_batch()  # 404 for another seller's batch
        if not any(name in request.GET for name in PARAMETERS):
            return self.form_page(batch, LabelSheetForm())
        form = LabelSheetForm(request.GET)
        if not form.is_valid():
            return self.form_page(batch, form)
        if form.cleaned_data["copies"] > settings.LABELS_IN_REQUEST_MAX:
            return self.form_page(batch, form, prepare=True)
        try:
            pdf = labels.label_sheet_pdf(
                batch=batch,
                url=gs1.label_url(batch),
                label_width_mm=form.cleaned_data["width"],
                label_height_mm=form.cleaned_data["height"],
                copies=form.cleaned_data["copies"],
            )
        except (labels.LabelFontMissing, ValueError) as error:
            logger.error("Label sheet of batch %s failed: %s", batch.pk, error)
            form.add_error(None, str(error))
            return self.form_page(batch, form)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="tem-{safe_filename(batch.lot_code)}.pdf"'
        )
        return response

    def post(self, request, *args, **kwargs):
        """Prepare a large sheet in the background, then back to this page."""
        batch = self.get_batch()
        form = LabelSheetForm(request.POST)
        if not form.is_valid():
            return self.form_page(batch, form)
        services.label_sheet_request(
            batch=batch,
            width_mm=form.cleaned_data["width"],
            height_mm=form.cleaned_data["height"],
            copies=form.cleaned_data["copies"],
        )
        messages.success(
            request,
            _("The label sheet is being prepared. It appears below in a minute."),
        )
        return redirect(request.get_full_path())

    def form_page(self, batch, form, *, prepare=False):
        sheets = selectors.label_sheets_of(batch=batch)
        return self.render_to_response(
            self.get_context_data(
                batch=batch,
                form=form,
                prepare=prepare,
                sheets=sheets,
                preparing=any(s.status == LabelSheetStatus.QUEUED for s in sheets),
                public_url=gs1.label_url(batch),
            )
        )


class LabelSheetDownloadView(BatchMixin, View):
    """A prepared sheet, to the batch's own seller (and staff) only."""

    def get(self, request, *args, **kwargs):
        batch = self.get_batch()  # 404 for another seller's batch
        try:
            sheet = batch.label_sheets.get(
                pk=kwargs["sheet"], status=LabelSheetStatus.READY
            )
        except LabelSheet.DoesNotExist:
            raise Http404(_("This label sheet does not exist any more.")) from None
        response = FileResponse(
            sheet.file.open("rb"),
            as_attachment=True,
            filename=f"tem-{safe_filename(batch.lot_code)}-{sheet.copies}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response


def safe_filename(text: str) -> str:
    """Lot codes are typed by sellers: keep what is safe in a header and a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "lo"
