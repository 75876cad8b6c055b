"""Seller workspace pages for farms, batches and their records (/dashboard/shop/)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from traceability import selectors, services
from traceability.forms import BatchForm, FarmForm, RecallForm, TraceEventForm
from traceability.models import Batch, EventKind
from traceability.qr import qr_png
from workspace.charts import bars
from workspace.mixins import SellerWorkspaceMixin


class PartnerRequiredMixin(SellerWorkspaceMixin):
    """Creating farms and batches needs a seller: staff pick one with ?seller=."""

    def partner_or_404(self):
        if self.seller is None:
            raise Http404(_("Choose a seller first."))
        return self.seller.partner


class FarmListView(PartnerRequiredMixin, TemplateView):
    template_name = "traceability/workspace/farms.html"

    def get_context_data(self, **kwargs):
        partner = self.partner_or_404()
        kwargs.setdefault("form", FarmForm(initial={"province": self.seller.province}))
        return super().get_context_data(
            farms=selectors.farms_for_seller(partner=partner), **kwargs
        )

    def post(self, request, *args, **kwargs):
        partner = self.partner_or_404()
        form = FarmForm(request.POST)
        if "choose_province" not in request.POST and form.is_valid():
            services.farm_create(partner=partner, **form.cleaned_data)
            messages.success(request, _("The farm was added."))
            return redirect(request.get_full_path())
        if "choose_province" in request.POST:
            form.errors.clear()
        return self.render_to_response(self.get_context_data(form=form))


class BatchListView(PartnerRequiredMixin, TemplateView):
    """A seller's batches and a form for a new one; staff without ?seller= see
    every seller's batches and counterfeit signals (no form: a batch needs a seller)."""

    template_name = "traceability/workspace/batches.html"

    def get_context_data(self, **kwargs):
        partner = self.seller.partner if self.seller else None
        if partner is not None:
            kwargs.setdefault("form", BatchForm(partner=partner))
        return super().get_context_data(
            batches=selectors.batches_for_seller(partner=partner),
            flagged=selectors.batches_with_signals(partner=partner),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        partner = self.partner_or_404()
        form = BatchForm(request.POST, partner=partner)
        if form.is_valid():
            batch = services.batch_create(partner=partner, **form.cleaned_data)
            messages.success(
                request, _("Batch %(lot)s was created.") % {"lot": batch.lot_code}
            )
            return redirect("trace-workspace:batch", pk=batch.pk)
        return self.render_to_response(self.get_context_data(form=form))


class BatchMixin(SellerWorkspaceMixin):
    def get_batch(self) -> Batch:
        try:
            return selectors.batch_for_seller(seller=self.seller, pk=self.kwargs["pk"])
        except Batch.DoesNotExist:
            raise Http404(_("This batch does not exist.")) from None


class BatchDetailView(BatchMixin, TemplateView):
    """One batch: add a record in a few taps, its timeline, QR code, recall."""

    template_name = "traceability/workspace/batch.html"

    def get_context_data(self, **kwargs):
        batch = self.get_batch()
        scans = selectors.scan_summary(batch=batch)
        kwargs.setdefault("form", TraceEventForm())
        kwargs.setdefault("recall_form", RecallForm())
        return super().get_context_data(
            batch=batch,
            events=batch.events.select_related("corrects"),
            public_url=self.request.build_absolute_uri(batch.get_absolute_url()),
            chain_breaks=selectors.chain_breaks(batch=batch),
            orders=selectors.orders_with_batch(batch=batch),
            scans=scans,
            scan_bars=bars(scans["days"], key="count", height=56),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        batch = self.get_batch()
        if "recall" in request.POST:
            return self.recall(batch)
        form = TraceEventForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirm_preharvest")
        if data["kind"] == EventKind.HARVEST and not confirmed:
            clashes = services.harvest_inside_preharvest_interval(
                batch=batch, harvest_at=data["occurred_at"]
            )
            if clashes:
                return self.render_to_response(
                    self.get_context_data(form=form, preharvest_clashes=clashes)
                )
        services.trace_event_append(batch=batch, actor=request.user, **data)
        messages.success(request, _("The record was added."))
        return redirect(request.get_full_path())

    def recall(self, batch):
        form = RecallForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(recall_form=form))
        services.batch_recall(
            batch=batch, reason=form.cleaned_data["reason"], actor=self.request.user
        )
        messages.warning(
            self.request, _("Batch %(lot)s is recalled.") % {"lot": batch.lot_code}
        )
        return redirect(self.request.get_full_path())


class BatchQrView(BatchMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        batch = self.get_batch()
        png = qr_png(request.build_absolute_uri(batch.get_absolute_url()))
        response = HttpResponse(png, content_type="image/png")
        response["Content-Disposition"] = (
            f'attachment; filename="qr-{batch.lot_code}.png"'
        )
        return response
