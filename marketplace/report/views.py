"""/dashboard/report/: the marketplace report for staff, on the page and as CSV.
Thin: the month from the form, the figures from the selectors."""

import csv

from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from marketplace.report import selectors
from marketplace.report.forms import ReportFilterForm

# Tables on the page stop here (2,000 sellers would make a long page); the
# CSV has every row.
PAGE_ROWS = 20


class StaffRequiredMixin(UserPassesTestMixin):
    """Anonymous visitors go to the login page; signed-in non-staff get 403."""

    def test_func(self):
        return self.request.user.is_staff


class ReportView(StaffRequiredMixin, TemplateView):
    template_name = "report/dashboard.html"

    def get(self, request, *args, **kwargs):
        # The page opens on this month; an emptied field means every month.
        data = request.GET.copy()
        data.setdefault("month", f"{timezone.localdate():%Y-%m}")
        form = ReportFilterForm(data)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, report=None), status=400
            )
        report = selectors.marketplace_report(
            period=selectors.Period(month=form.cleaned_data["month"])
        )
        return self.render_response(form=form, report=report)

    def render_response(self, *, form, report):
        for breakdown in report["breakdowns"]:
            rows = breakdown["rows"]
            breakdown["shown"] = rows[:PAGE_ROWS]
            breakdown["more"] = max(len(rows) - PAGE_ROWS, 0)
            breakdown["chart_height"] = 24 * len(breakdown["shown"])
            breakdown["peak"] = max((row["gmv"] for row in rows), default=0) or 1
        return self.render_to_response(
            self.get_context_data(
                form=form, report=report, query=self.request.GET.urlencode()
            )
        )


class ReportCsvView(ReportView):
    """The same figures as the page, every row, for Excel: UTF-8 with a BOM,
    money in whole đồng."""

    def render_response(self, *, form, report):
        month = report["period"].month
        name = f"bao-cao-san-{month:%Y-%m}.csv" if month else "bao-cao-san.csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")
        write_report_csv(response, report)
        return response


def write_report_csv(out, report: dict) -> None:
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Breakdown"),
            _("Group"),
            _("Orders"),
            _("Units"),
            _("GMV (đồng)"),
            _("Refunds (đồng)"),
            _("Commission (đồng)"),
        ]
    )
    totals = report["totals"]
    for breakdown in report["breakdowns"]:
        for row in breakdown["rows"]:
            writer.writerow(
                [
                    breakdown["label"],
                    row["label"],
                    row["orders"],
                    row["units"],
                    row["gmv"],
                    row["refunds"],
                    row["commission"],
                ]
            )
    writer.writerow(
        [
            _("Total"),
            "",
            totals["orders"],
            totals["units"],
            totals["gmv"],
            totals["refunds"],
            totals["commission"],
        ]
    )
