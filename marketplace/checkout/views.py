"""One-page checkout: thin views over checkout.services and checkout.selectors."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from oscar.apps.checkout import views

from marketplace.checkout import selectors, services
from marketplace.checkout.forms import CheckoutForm


class CheckoutView(FormView):
    """Guests and accounts alike. Without JavaScript, choosing a province or a
    saved address re-shows the form with that province's communes."""

    template_name = "oscar/checkout/checkout.html"
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
        if "choose_province" in request.POST:
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
            "login_url": "/accounts/login/?next=" + self.request.path,
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
                    note=data["note"],
                    payment_method=data["payment_method"],
                    request=self.request,
                )
            except services.CheckoutError as error:
                problems = [str(error)]
            else:
                self.request.session["checkout_order_id"] = order.pk
                return redirect("checkout:thank-you")
        return self.render_to_response(
            self.get_context_data(form=form, problems=problems)
        )


class ThankYouView(views.ThankYouView):
    """Oscar's confirmation page, plus the guest's signed status link."""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["status_url"] = services.order_status_url(order=context["order"])
        return context


class OrderStatusView(TemplateView):
    """A guest's order page; only the signed link from the email opens it."""

    template_name = "oscar/checkout/order_status.html"

    def get_context_data(self, **kwargs):
        order = selectors.order_for_status_token(token=kwargs["token"])
        if order is None:
            raise Http404(_("This order link is not valid."))
        return super().get_context_data(order=order, **kwargs)
