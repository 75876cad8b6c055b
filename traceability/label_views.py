"""The printable label sheet of a batch, from the seller workspace."""

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from traceability.labels import LabelFontMissing, label_sheet_pdf
from traceability.workspace_views import BatchMixin


class LabelSheetForm(forms.Form):
    width = forms.FloatField(
        label=_("Label width (mm)"), min_value=20, max_value=100, initial=40
    )
    height = forms.FloatField(
        label=_("Label height (mm)"), min_value=20, max_value=100, initial=30
    )
    copies = forms.IntegerField(
        label=_("Number of labels"), min_value=1, max_value=1000, initial=1
    )


class BatchLabelsView(BatchMixin, TemplateView):
    """GET without parameters shows the form; with them, the PDF."""

    template_name = "traceability/workspace/labels.html"

    def get(self, request, *args, **kwargs):
        batch = self.get_batch()
        if not request.GET.get("copies"):
            return self.render_to_response(
                self.get_context_data(batch=batch, form=LabelSheetForm())
            )
        form = LabelSheetForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(batch=batch, form=form)
            )
        try:
            pdf = label_sheet_pdf(
                batch=batch,
                url=request.build_absolute_uri(batch.get_absolute_url()),
                label_width_mm=form.cleaned_data["width"],
                label_height_mm=form.cleaned_data["height"],
                copies=form.cleaned_data["copies"],
            )
        except LabelFontMissing as error:
            form.add_error(None, str(error))
            return self.render_to_response(
                self.get_context_data(batch=batch, form=form)
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="tem-{batch.lot_code}.pdf"'
        )
        return response
