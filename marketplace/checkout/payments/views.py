"""Payments in the seller workspace (/dashboard/shop/payments/): sellers mark
the cash of their own orders collected and see refunds of their own lines;
staff also mark transfers received, import bank statements and refund."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from marketplace.checkout.models import OrderPayment, PaymentStatus
from marketplace.checkout.payments import selectors, services
from marketplace.checkout.payments.forms import BankStatementForm, RefundForm
from vietnam.money import dong_grouped
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
    """Staff only: refund what is left of a paid card payment through Stripe."""

    def post(self, request, pk):
        if not request.user.is_staff:
            raise PermissionDenied
        return payment_action(
            request,
            lambda: (
                services.card_payment_refund(
                    payment_pk=pk, actor=request.user
                ).order.payment
            ),
            _("Order %(number)s was refunded."),
        )


class RefundView(SellerWorkspaceMixin, TemplateView):
    """Staff only: refund some lines of a paid order (money, units, whether
    they came back to stock), with the refunds already made below. Refunds
    move the marketplace's money (its Stripe balance, its bank account), so
    sellers read their own lines' refunds but never make one."""

    template_name = "oscar/checkout/workspace/refund.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_payment(self):
        try:
            return OrderPayment.objects.select_related("order").get(
                pk=self.kwargs["pk"]
            )
        except OrderPayment.DoesNotExist:
            raise Http404(_("This payment does not exist.")) from None

    def get_context_data(self, **kwargs):
        payment = self.get_payment()
        left = selectors.refundable(order=payment.order)
        kwargs.setdefault("form", RefundForm(rows=left["lines"]))
        return super().get_context_data(
            payment=payment,
            paid=payment.status in (PaymentStatus.PAID, PaymentStatus.REFUNDED),
            left=left,
            refunds=payment.order.refunds.prefetch_related(
                "lines__line"
            ).select_related("created_by"),
            **kwargs,
        )

    def post(self, request, pk):
        payment = self.get_payment()
        form = RefundForm(
            request.POST, rows=selectors.refundable(order=payment.order)["lines"]
        )
        if form.is_valid():
            try:
                refund = services.refund_create(
                    order_pk=payment.order_id,
                    asks=form.asks(),
                    actor=request.user,
                    request_key=form.cleaned_data["request_key"],
                    shipping=form.cleaned_data["shipping"],
                    reference=form.cleaned_data["reference"],
                    note=form.cleaned_data["note"],
                )
            except services.RefundRefused as refusal:
                form.add_refusal(refusal)
            else:
                messages.success(
                    request,
                    _("Refunded %(amount)s đồng of order %(number)s.")
                    % {
                        "amount": dong_grouped(refund.amount),
                        "number": payment.order.number,
                    },
                )
                return redirect("payments-workspace:refund-lines", pk=payment.pk)
        return self.render_to_response(self.get_context_data(form=form))


class RefundListView(SellerWorkspaceMixin, TemplateView):
    """Refunded lines, newest first: a seller's own only, every seller's for
    staff, who also find an order to refund by its number."""

    template_name = "oscar/checkout/workspace/refunds.html"

    def get(self, request, *args, **kwargs):
        number = request.GET.get("number", "")
        if request.user.is_staff and number.strip():
            payment = selectors.payment_of_order(number=number)
            if payment is not None:
                return redirect("payments-workspace:refund-lines", pk=payment.pk)
            messages.error(
                request,
                _("No order has the number %(number)s.") % {"number": number[:40]},
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            refund_lines=selectors.refunds_for(seller=self.seller), **kwargs
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
