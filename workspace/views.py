"""The seller workspace inside /dashboard/: its home, a seller's own order
lines, sales, statements, profile and shipping fees. Every read goes through a
selector scoped to the acting seller; staff see every seller (or one, with
?seller=<slug>)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from sellers import selectors, services
from sellers.forms import (
    SellerDocumentForm,
    SellerProfileForm,
    ShippingRuleForm,
    StockForm,
    WeightBandFormSet,
)
from sellers.models import SellerDocument, SellerProfile
from sellers.statuses import LineStatus
from vietnam.forms import only_reshown
from vietnam.uploads import real_type
from workspace import menu
from workspace import selectors as workspace_selectors
from workspace.charts import bars
from workspace.delegation import DelegatedRight
from workspace.mixins import SellerWorkspaceMixin

DOCUMENT_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}


@login_required
def document_download(request, pk):
    """A seller document, to that seller's users and staff only, always as a
    download: a scan is never rendered by the browser in our origin."""
    try:
        document = selectors.document_for_user(user=request.user, pk=pk)
    except SellerDocument.DoesNotExist:
        raise Http404(_("This document does not exist.")) from None
    content = document.file.open("rb")
    mime = real_type(content) or "application/octet-stream"
    response = FileResponse(
        content,
        as_attachment=True,
        filename=f"{document.kind}-{document.pk}{DOCUMENT_EXTENSIONS.get(mime, '')}",
        content_type=mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class HomeView(SellerWorkspaceMixin, TemplateView):
    """/dashboard/shop/: where a seller starts, the pages every domain registered."""

    template_name = "workspace/home.html"

    def get_context_data(self, **kwargs):
        pages = [page for page in menu.pages() if page.url_name != "workspace:home"]
        tasks = workspace_selectors.tasks_for_seller(seller=self.seller)
        labels = {
            "confirm": _("orders to confirm"),
            "pack": _("parcels to pack"),
            "ship": _("parcels to ship"),
            "low_stock": _("products running low"),
            "expiring": _("OCOP certificates expiring within 60 days"),
        }
        return super().get_context_data(
            pages=pages,
            notices=menu.notices(seller=self.seller),
            tasks=[
                (key, labels.get(key, task.label), task) for key, task in tasks.items()
            ],
            **kwargs,
        )


class LineListView(SellerWorkspaceMixin, ListView):
    helper_right = DelegatedRight.ORDERS
    template_name = "sellers/workspace/lines.html"
    context_object_name = "lines"
    paginate_by = 30

    def get_queryset(self):
        status = self.request.GET.get("status")
        return selectors.lines_for_seller(
            seller=self.seller, status=status if status in LineStatus.values else None
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=LineStatus.choices, **kwargs)


class LineStatusView(SellerWorkspaceMixin, View):
    """POST only: move a line one step (confirm, pack, ship, deliver, cancel)."""

    helper_right = DelegatedRight.ORDERS

    def post(self, request, pk):
        status = request.POST.get("status", "")
        try:
            line = services.line_status_set(
                seller=self.seller, line_pk=pk, status=status
            )
        except selectors.Line.DoesNotExist:
            raise Http404(_("This order line does not exist.")) from None
        except services.LineStatusError:
            messages.error(request, _("This line cannot move to that status."))
        else:
            self.audit_summary = _("%(title)s of order %(number)s: %(status)s.") % {
                "title": line.title,
                "number": line.order.number,
                "status": LineStatus(line.status).label,
            }
            messages.success(request, self.audit_summary)
        return redirect("workspace:lines")


class SalesSummaryView(SellerWorkspaceMixin, TemplateView):
    template_name = "sellers/workspace/summary.html"

    def get_context_data(self, **kwargs):
        summary = selectors.sales_summary(seller=self.seller)
        chart = bars(summary["days"], key="revenue", height=100)
        return super().get_context_data(summary=summary, chart=chart, **kwargs)


class StatementMixin(SellerWorkspaceMixin):
    def get_statement(self):
        if self.seller is None:
            raise Http404(_("Choose a seller to see its statement."))
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year", today.year))
            month = int(self.request.GET.get("month", today.month))
            if not (2000 <= year <= 2100 and 1 <= month <= 12):
                raise ValueError
        except ValueError:
            raise Http404(_("There is no statement for that month.")) from None
        return selectors.statement(seller=self.seller, year=year, month=month)


class StatementView(StatementMixin, TemplateView):
    template_name = "sellers/workspace/statement.html"

    def get_context_data(self, **kwargs):
        sellers = (
            SellerProfile.objects.select_related("partner")
            if self.request.user.is_staff
            else []
        )
        statement = self.get_statement() if self.seller else None
        return super().get_context_data(statement=statement, sellers=sellers, **kwargs)


class StatementCsvView(StatementMixin, View):
    def get(self, request):
        statement = self.get_statement()
        name = f"sao-ke-{statement['seller'].slug}-{statement['year']}-{statement['month']:02d}.csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly with a BOM
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Order number"),
                _("Date"),
                _("Product"),
                _("Quantity"),
                _("Status"),
                _("Gross"),
                _("Commission"),
                _("Net payable"),
            ]
        )
        for row in statement["rows"]:
            line, refund = row["line"], row["refund"]
            writer.writerow(
                [
                    line.order.number,
                    timezone.localtime(
                        refund.date_created if refund else line.order.date_placed
                    ).strftime("%d/%m/%Y"),
                    line.title,
                    row["quantity"],
                    _("Refund")
                    if refund
                    else LineStatus(line.status).label
                    if line.status in LineStatus.values
                    else line.status,
                    int(row["gross"]),
                    int(row["commission"]),
                    int(row["net"]),
                ]
            )
        totals = statement["totals"]
        writer.writerow(
            [
                _("Total"),
                "",
                "",
                "",
                "",
                int(totals["gross"]),
                int(totals["commission"]),
                int(totals["net"]),
            ]
        )
        return response


class ProfileView(SellerWorkspaceMixin, TemplateView):
    """The seller edits its storefront profile and adds certificates."""

    template_name = "sellers/workspace/profile.html"

    def get_context_data(self, **kwargs):
        if self.seller is None:
            raise Http404(_("Choose a seller to edit its profile."))
        kwargs.setdefault("form", SellerProfileForm(instance=self.seller))
        kwargs.setdefault("document_form", SellerDocumentForm())
        return super().get_context_data(documents=self.seller.documents.all(), **kwargs)

    def post(self, request, *args, **kwargs):
        if self.seller is None:
            raise Http404(_("Choose a seller to edit its profile."))
        if "add_document" in request.POST:
            form = SellerDocumentForm(request.POST, request.FILES)
            if form.is_valid():
                services.seller_document_add(seller=self.seller, **form.cleaned_data)
                messages.success(request, _("The document was added."))
                return redirect(request.get_full_path())
            return self.render_to_response(self.get_context_data(document_form=form))
        form = SellerProfileForm(request.POST, request.FILES, instance=self.seller)
        if only_reshown(request.POST):
            # Re-show with the province's communes, or the old address's 2025 units.
            form.errors.clear()
            return self.render_to_response(self.get_context_data(form=form))
        if form.is_valid():
            services.seller_profile_update(seller=self.seller, form=form)
            messages.success(request, _("Your shop profile was saved."))
            return redirect(request.get_full_path())
        return self.render_to_response(self.get_context_data(form=form))


class ShippingRuleView(SellerWorkspaceMixin, TemplateView):
    """The seller prices delivery: fees by destination, weight bands, free-from."""

    template_name = "sellers/workspace/shipping.html"

    def get_rule(self):
        if self.seller is None:
            raise Http404(_("Choose a seller to edit its shipping fees."))
        return selectors.shipping_rule_for(seller=self.seller)

    def get_context_data(self, **kwargs):
        rule = self.get_rule()
        kwargs.setdefault("form", ShippingRuleForm(instance=rule))
        kwargs.setdefault("bands", WeightBandFormSet(instance=rule, prefix="bands"))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        rule = self.get_rule()
        form = ShippingRuleForm(request.POST, instance=rule)
        bands = WeightBandFormSet(request.POST, instance=rule, prefix="bands")
        if form.is_valid() and bands.is_valid():
            services.shipping_rule_save(seller=self.seller, form=form, bands=bands)
            messages.success(request, _("Your shipping fees were saved."))
            return redirect(request.get_full_path())
        return self.render_to_response(self.get_context_data(form=form, bands=bands))


class StockView(SellerWorkspaceMixin, TemplateView):
    """Units on hand of each of the seller's products, one small form each:
    the page a phone (or a community helper) uses after a harvest."""

    helper_right = DelegatedRight.STOCK
    template_name = "workspace/stock.html"

    def get_context_data(self, **kwargs):
        if self.seller is None:
            raise Http404(_("Choose a seller first."))
        return super().get_context_data(
            records=selectors.stock_for_seller(seller=self.seller), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if self.seller is None:
            raise Http404(_("Choose a seller first."))
        form = StockForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter a whole number of units, 0 or more."))
            return redirect("workspace:stock")
        try:
            record, before = services.stock_set(
                seller=self.seller,
                record_pk=form.cleaned_data["record"],
                num_in_stock=form.cleaned_data["num_in_stock"],
            )
        except selectors.StockRecord.DoesNotExist:
            raise Http404(_("This product is not in your shop.")) from None
        self.audit_summary = _("Stock of %(product)s: %(before)s → %(after)s") % {
            "product": record.product.get_title(),
            "before": before,
            "after": record.num_in_stock,
        }
        messages.success(request, self.audit_summary)
        return redirect("workspace:stock")
