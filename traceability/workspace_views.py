"""Seller workspace pages for farms, households, batches and their records
(/dashboard/shop/)."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from traceability import gs1, selectors, services
from traceability.forms import (
    BatchForm,
    FarmForm,
    HouseholdForm,
    HouseholdShareForm,
    PlotForm,
    RecallForm,
    TraceEventForm,
)
from traceability.models import Batch, EventKind
from traceability.qr import qr_png
from workspace.charts import bars
from workspace.delegation import DelegatedRight
from workspace.mixins import SellerWorkspaceMixin
from workspace.views import StatementMixin


class PartnerRequiredMixin(SellerWorkspaceMixin):
    """Creating farms and batches needs a seller: staff pick one with ?seller=."""

    helper_right = DelegatedRight.FARM_RECORDS

    def partner_or_404(self):
        if self.seller is None:
            raise Http404(_("Choose a seller first."))
        return self.seller.partner

    def place_form_post(self, form, *, create, message: str):
        """A form with a province → commune choice: its no-JavaScript "show the
        communes" button shows the form again, a valid form creates."""
        chose_province = "choose_province" in self.request.POST
        if not chose_province and form.is_valid():
            create(partner=self.partner_or_404(), **form.cleaned_data)
            messages.success(self.request, message)
            return redirect(self.request.get_full_path())
        if chose_province:
            form.errors.clear()
        return self.render_to_response(self.get_context_data(form=form))


class FarmListView(PartnerRequiredMixin, TemplateView):
    template_name = "traceability/workspace/farms.html"

    def get_context_data(self, **kwargs):
        partner = self.partner_or_404()
        kwargs.setdefault("form", FarmForm(initial={"province": self.seller.province}))
        return super().get_context_data(
            farms=selectors.farms_for_seller(partner=partner), **kwargs
        )

    def post(self, request, *args, **kwargs):
        return self.place_form_post(
            FarmForm(request.POST),
            create=services.farm_create,
            message=_("The farm was added."),
        )


class HouseholdListView(PartnerRequiredMixin, TemplateView):
    """An HTX's member households, their plots, and forms for both."""

    template_name = "traceability/workspace/households.html"

    def get_context_data(self, **kwargs):
        partner = self.partner_or_404()
        kwargs.setdefault(
            "form", HouseholdForm(initial={"province": self.seller.province})
        )
        kwargs.setdefault("plot_form", PlotForm(partner=partner))
        return super().get_context_data(
            households=selectors.households_for_seller(partner=partner), **kwargs
        )

    def post(self, request, *args, **kwargs):
        partner = self.partner_or_404()
        if "add_plot" in request.POST:
            plot_form = PlotForm(request.POST, partner=partner)
            if plot_form.is_valid():
                services.plot_create(**plot_form.cleaned_data)
                messages.success(request, _("The plot was added."))
                return redirect(request.get_full_path())
            return self.render_to_response(self.get_context_data(plot_form=plot_form))
        return self.place_form_post(
            HouseholdForm(request.POST),
            create=services.household_create,
            message=_("The household was added."),
        )


class HouseholdStatementCsvView(StatementMixin, View):
    """Each household's share of the month's sales, so the HTX can pay its members."""

    def get(self, request):
        statement = self.get_statement()
        rows = selectors.household_statement(statement=statement)
        name = (
            f"chia-ho-{statement['seller'].slug}-"
            f"{statement['year']}-{statement['month']:02d}.csv"
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")  # Excel reads UTF-8 Vietnamese with a BOM
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Head of household"),
                _("Village (thôn, xóm)"),
                _("Mobile phone"),
                _("Lot code"),
                _("Harvest (kg)"),
                _("Share of the batch (%)"),
                _("Packages sold"),
                _("Gross"),
                _("Net payable"),
            ]
        )
        for row in rows:
            household = row["household"]
            writer.writerow(
                [
                    household.head_name,
                    household.village,
                    household.phone,
                    row["batch"].lot_code,
                    row["quantity_kg"],
                    f"{row['fraction'] * 100:.1f}",
                    row["packages"],
                    int(row["gross"]),
                    int(row["net"]),
                ]
            )
        return response


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
    helper_right = DelegatedRight.FARM_RECORDS

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
        if batch.partner_id:
            kwargs.setdefault(
                "household_form", HouseholdShareForm(partner=batch.partner)
            )
        return super().get_context_data(
            batch=batch,
            events=batch.events.select_related("corrects"),
            public_url=gs1.label_url(batch),
            chain_breaks=selectors.chain_breaks(batch=batch),
            orders=selectors.orders_with_batch(batch=batch),
            household_shares=selectors.household_shares(batch=batch),
            scans=scans,
            scan_bars=bars(scans["days"], key="count", height=56),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        batch = self.get_batch()
        if "recall" in request.POST:
            return self.recall(batch)
        if "household_share" in request.POST:
            return self.household_share(batch)
        # The page's script sends queued (offline) records and asks for JSON.
        as_json = request.headers.get("Accept") == "application/json"
        form = TraceEventForm(request.POST, request.FILES)
        if not form.is_valid():
            if as_json:
                return JsonResponse({"errors": form.errors}, status=400)
            return self.render_to_response(self.get_context_data(form=form))
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirm_preharvest")
        if data["kind"] == EventKind.HARVEST and not confirmed:
            clashes = services.harvest_inside_preharvest_interval(
                batch=batch, harvest_at=data["occurred_at"]
            )
            if clashes and as_json:
                message = _("This harvest falls inside the pre-harvest interval of:")
                names = ", ".join(event.input_name for event in clashes)
                return JsonResponse(
                    {"errors": {"kind": [f"{message} {names}"]}}, status=409
                )
            if clashes:
                return self.render_to_response(
                    self.get_context_data(form=form, preharvest_clashes=clashes)
                )
        event = services.trace_event_append(batch=batch, actor=request.user, **data)
        if as_json:
            return JsonResponse(
                {"id": event.pk, "recorded_after_recall": event.recorded_after_recall},
                status=201,
            )
        messages.success(request, _("The record was added."))
        return redirect(request.get_full_path())

    def household_share(self, batch):
        form = HouseholdShareForm(self.request.POST, partner=batch.partner)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(household_form=form))
        services.batch_household_set(batch=batch, **form.cleaned_data)
        messages.success(self.request, _("The household's harvest was recorded."))
        return redirect(self.request.get_full_path())

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
        png = qr_png(gs1.label_url(batch))
        response = HttpResponse(png, content_type="image/png")
        response["Content-Disposition"] = (
            f'attachment; filename="qr-{batch.lot_code}.png"'
        )
        return response


def service_worker(request):
    """Served from the workspace's root so its scope covers every record page."""
    return render(
        request,
        "traceability/workspace/sw.js",
        content_type="text/javascript; charset=utf-8",
    )


def manifest(request):
    """The record pages as an installable web app (a home-screen icon)."""
    return JsonResponse(
        {
            "name": _("Farm diary — Chợ OCOP"),
            "short_name": _("Farm diary"),
            "lang": "vi",
            "start_url": reverse("trace-workspace:batches"),
            "scope": reverse("workspace:home"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#2e7d50",
            "icons": [
                {
                    "src": static("traceability/icon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                }
            ],
        },
        content_type="application/manifest+json",
    )
