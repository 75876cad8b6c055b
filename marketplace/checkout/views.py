"""One-page checkout: thin views over checkout.services and checkout.selectors."""

from urllib.parse import urlsplit

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView
from oscar.apps.checkout import views

from marketplace.checkout import selectors, services
from marketplace.checkout.forms import CheckoutForm
from marketplace.checkout.models import PaymentMethod, PaymentStatus
from marketplace.checkout.payments import services as payments
from vietnam.forms import only_reshown


class CheckoutView(FormView):
    """Guests and accounts alike. Without JavaScript, choosing a province or a
    saved address re-shows the form with that province's communes."""

    template_name = "oscar/checkout/one_page.html"
    form_class = CheckoutForm

    def dispatch(self, request, *args, **kwargs):
        if request.basket.is_empty:
            messages.info(request, _("Your basket is empty."))
            return redirect("basket:summary")
        self.saved_addresses = selectors.saved_addresses_for(user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = {}
        user = self.request.user
        if self.saved_addresses:
            initial.update(selectors.address_form_data(self.saved_addresses[0]))
        if user.is_authenticated:
            initial.setdefault("full_name", user.get_full_name())
            initial["email"] = user.email
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "saved_addresses": self.saved_addresses}

    def post(self, request, *args, **kwargs):
        if "use_saved_address" in request.POST:
            return self.reshow(self.saved_address_data(request.POST))
        if only_reshown(request.POST):
            return self.reshow(request.POST)
        return super().post(request, *args, **kwargs)

    def reshow(self, data):
        form = self.form_class(**{**self.get_form_kwargs(), "data": data})
        form.errors.clear()
        return self.render_to_response(self.get_context_data(form=form))

    def saved_address_data(self, posted):
        data = posted.copy()
        chosen = {str(a.pk): a for a in self.saved_addresses}.get(
            posted.get("saved_address", "")
        )
        if chosen is not None:
            data.update(selectors.address_form_data(chosen))
        return data

    def province_shown(self, form):
        try:
            return int(form["province"].value() or 0) or None
        except (TypeError, ValueError):
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = selectors.checkout_summary(
            basket=self.request.basket, province=self.province_shown(context["form"])
        )
        snapshot = selectors.basket_snapshot(summary=summary)
        return {
            **context,
            "summary": summary,
            "snapshot": selectors.snapshot_sign(snapshot),
            "login_url": reverse("customer:login") + "?next=" + self.request.path,
        }

    def form_valid(self, form):
        basket = self.request.basket
        data = form.cleaned_data
        problems = selectors.basket_problems(basket=basket)
        summary = selectors.checkout_summary(basket=basket, province=data["province"])
        problems += selectors.basket_changes(
            before=selectors.snapshot_unsign(self.request.POST.get("snapshot", "")),
            after=selectors.basket_snapshot(summary=summary),
        )
        if not problems:
            try:
                order = services.order_place(
                    basket=basket,
                    user=self.request.user,
                    full_name=data["full_name"],
                    phone=data["phone"],
                    email=data["email"],
                    street=data["street"],
                    province=data["province"],
                    ward=data["ward"],
                    old_address=data["old_address"],
                    note=data["note"],
                    payment_method=data["payment_method"],
                    request=self.request,
                )
            except services.CheckoutError as error:
                problems = [str(error)]
            else:
                self.request.session["checkout_order_id"] = order.pk
                if order.payment.method == PaymentMethod.CARD:
                    return redirect(selectors.card_payment_url(order=order))
                return redirect("checkout:thank-you")
        return self.render_to_response(
            self.get_context_data(form=form, problems=problems)
        )


class ThankYouView(views.ThankYouView):
    """Oscar's confirmation page, plus the guest's signed status link."""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["status_url"] = selectors.order_status_url(order=context["order"])
        return context


class OrderStatusView(TemplateView):
    """A guest's order page; only the signed link from the email opens it."""

    template_name = "oscar/checkout/order_status.html"

    def get_context_data(self, **kwargs):
        order = selectors.order_for_status_token(token=kwargs["token"])
        if order is None:
            raise Http404(_("This order link is not valid."))
        return super().get_context_data(order=order, **kwargs)


class CardPaymentMixin:
    """Card pages open with the order's signed link, like the status page."""

    def dispatch(self, request, *args, **kwargs):
        self.order = selectors.order_for_status_token(token=kwargs["token"])
        self.payment = getattr(self.order, "payment", None)
        if self.payment is None or self.payment.method != PaymentMethod.CARD:
            raise Http404(_("This order link is not valid."))
        return super().dispatch(request, *args, **kwargs)

    def fail(self, message: str) -> str:
        """Cancel the unpaid order, put its lines back in the basket, say why."""
        payments.card_payment_fail(payment_pk=self.payment.pk)
        services.basket_refill(basket=self.request.basket, order=self.order)
        messages.error(
            self.request,
            _("%(reason)s Your basket is kept: try again or choose another way to pay.")
            % {"reason": message},
        )
        return reverse("checkout:index")

    def done(self) -> str:
        self.request.session["checkout_order_id"] = self.order.pk
        return reverse("checkout:thank-you")


def stripe_sources() -> dict:
    """The only page whose policy lets Stripe.js in: its script, the API it
    calls, and the frames it opens (card field, 3-D Secure)."""
    js, api = (
        "{0.scheme}://{0.netloc}".format(urlsplit(url))
        for url in (settings.STRIPE_JS_URL, settings.STRIPE_API_BASE)
    )
    return {
        "script-src": [js],
        "connect-src": [api],
        "frame-src": [js, api, "https://hooks.stripe.com"],
    }


class CardPaymentView(CardPaymentMixin, TemplateView):
    """Stripe.js collects the card; the server confirms the PaymentIntent and
    answers where to go next, or hands back the client secret for 3-D Secure."""

    template_name = "oscar/checkout/card.html"

    def get(self, request, *args, **kwargs):
        if self.payment.status != PaymentStatus.PENDING:
            return redirect(self.done())
        return csp_update(stripe_sources())(super().get)(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            order=self.order,
            payment=self.payment,
            stripe_js_url=settings.STRIPE_JS_URL,
            publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        card = request.POST.get("card", "")
        if not card:
            return JsonResponse({"error": _("Enter your card details.")}, status=400)
        try:
            intent = payments.card_payment_attempt(
                payment_pk=self.payment.pk, card=card
            )
        except payments.CardDeclined as error:
            return JsonResponse({"next": self.fail(str(error))})
        except payments.PaymentError as error:
            return JsonResponse({"error": str(error)}, status=409)
        finished = reverse("checkout:card-return", kwargs=kwargs)
        if intent.status == "requires_action":
            return JsonResponse(
                {"client_secret": intent.client_secret, "next": finished}
            )
        return JsonResponse({"next": finished})


class CardReturnView(CardPaymentMixin, View):
    """After Stripe.js: re-fetch the intent, then the confirmation page, the
    checkout again (failed) or the card page (still pending)."""

    def get(self, request, *args, **kwargs):
        try:
            intent = payments.card_payment_refresh(payment_pk=self.payment.pk)
        except payments.PaymentError as error:
            messages.error(request, str(error))
            return redirect(reverse("checkout:card", kwargs=kwargs))
        self.payment.refresh_from_db()
        if self.payment.status == PaymentStatus.PAID:
            return redirect(self.done())
        if intent is not None and intent.status in (
            "requires_payment_method",
            "canceled",
        ):
            error = intent.last_payment_error
            return redirect(
                self.fail(payments.decline_message(error.code if error else None))
            )
        return redirect(reverse("checkout:card", kwargs=kwargs))


@method_decorator(csrf_exempt, name="dispatch")
class StripeWebhookView(View):
    """Stripe's events: the signature is checked on the raw body; a forged or
    stale event gets 400 and changes nothing; a replay changes nothing."""

    def post(self, request):
        try:
            event = payments.stripe_sdk().Webhook.construct_event(
                request.body,
                request.headers.get("Stripe-Signature", ""),
                settings.STRIPE_WEBHOOK_SECRET,
            )
        except (ValueError, payments.stripe.SignatureVerificationError):
            return HttpResponseBadRequest("invalid signature")
        try:
            payments.stripe_event_handle(
                event_id=event.id,
                kind=event.type,
                object_id=getattr(event.data.object, "id", None),
            )
        except payments.stripe.StripeError:
            return HttpResponse("Stripe unreachable, retry later", status=503)
        return HttpResponse("ok")
