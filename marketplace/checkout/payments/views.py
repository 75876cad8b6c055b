"""Payments in the seller workspace (/dashboard/shop/payments/): sellers mark
the cash of their own orders collected; staff also mark transfers received and
import bank statements."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from marketplace.checkout.models import OrderPayment
from marketplace.checkout.payments import selectors, services
from marketplace.checkout.payments.forms import BankStatementForm
from workspace.mixins import SellerWorkspaceMixin


class PaymentListView(SellerWorkspaceMixin, TemplateView):
    template_name = "oscar/checkout/workspace/payments.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("statement_form", BankStatementForm())
        if self.request.user.is_staff:
            kwargs.setdefault("refundable", selectors.card_payments_refundable())
        return super().get_context_data(
            payments=selectors.payments_awaited(seller=self.seller), **kwargs
        )


def payment_action(request, act, done: str):
    """A payment button in the workspace: an unknown payment is a 404, a refusal
    shows its reason, success says so; back to the list either way."""
    try:
        payment = act()
    except OrderPayment.DoesNotExist:
        raise Http404(_("This payment does not exist.")) from None
    except services.PaymentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"number": payment.order.number})
    return redirect("payments-workspace:list")


class PaymentReceivedView(SellerWorkspaceMixin, View):
    def post(self, request, pk):
        return payment_action(
            request,
            lambda: services.payment_mark_received(
                payment_pk=pk,
                seller=None if request.user.is_staff else self.seller,
                reference=request.POST.get("reference", ""),
            ),
            _("Order %(number)s is paid."),
        )


class PaymentRefundView(SellerWorkspaceMixin, View):
    """Staff only: a full refund of a paid card payment through Stripe."""

    def post(self, request, pk):
        if not request.user.is_staff:
            raise PermissionDenied
        return payment_action(
            request,
            lambda: services.card_payment_refund(payment_pk=pk),
            _("Order %(number)s was refunded."),
        )


class BankStatementImportView(SellerWorkspaceMixin, TemplateView):
    """Staff only: the statement is the marketplace's own bank account."""

    template_name = "oscar/checkout/workspace/payments.html"

    def post(self, request):
        if not request.user.is_staff:
            raise PermissionDenied
        form = BankStatementForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            try:
                result = services.bank_statement_import(
                    csv_text=form.cleaned_data["statement"]
                )
            except services.PaymentError as error:
                form.add_error("statement", str(error))
        return self.render_to_response(
            self.get_context_data(
                statement_form=form,
                result=result,
                payments=selectors.payments_awaited(seller=None),
            )
        )
