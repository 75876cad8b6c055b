"""A seller's products and stock on a phone, in the workspace's own pages
(staff keep Oscar's product dashboard): receive units, set a price, edit the
words of a product. Every read and write goes through the seller's selectors
and services."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView
from oscar.core.loading import get_model

from sellers import selectors, services
from workspace.mixins import SellerWorkspaceMixin

StockRecord = get_model("partner", "StockRecord")


def whole_dong(price: Decimal | None) -> Decimal | None:
    """Prices are stored with two decimals; đồng have none."""
    return None if price is None else price.quantize(Decimal(1))


class StockReceiveForm(forms.Form):
    units = forms.IntegerField(
        label=gettext_lazy("Units received"), min_value=0, max_value=100000, initial=0
    )
    price = forms.DecimalField(
        label=gettext_lazy("Price (đồng)"),
        min_value=0,
        max_digits=12,
        decimal_places=0,
        required=False,
    )


class ProductDetailsForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Product name"), max_length=255)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )


class StockListView(SellerWorkspaceMixin, ListView):
    """Every stock record of the seller, fewest units first, each with its form."""

    template_name = "workspace/products.html"
    context_object_name = "records"
    paginate_by = 30

    def get_queryset(self):
        return selectors.stock_for_seller(seller=self.seller)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            (
                record,
                StockReceiveForm(
                    prefix=f"s{record.pk}",
                    initial={"price": whole_dong(record.price)},
                ),
            )
            for record in context["records"]
        ]
        return context

    def post(self, request):
        try:
            pk = int(request.POST.get("record", ""))
        except ValueError:
            raise Http404 from None
        form = StockReceiveForm(request.POST, prefix=f"s{pk}")
        if not form.is_valid():
            messages.error(request, _("Check the number of units and the price."))
            return redirect(request.get_full_path())
        try:
            record = services.stock_receive(
                seller=self.seller,
                stockrecord_pk=pk,
                units=form.cleaned_data["units"],
                price=form.cleaned_data["price"],
            )
        except StockRecord.DoesNotExist:
            raise Http404 from None
        messages.success(
            request,
            _("%(product)s: %(units)s in stock.")
            % {"product": record.product.get_title(), "units": record.num_in_stock},
        )
        return redirect(request.get_full_path())


class ProductEditView(SellerWorkspaceMixin, FormView):
    template_name = "workspace/product_edit.html"
    form_class = ProductDetailsForm

    def product(self):
        record = (
            selectors.stock_for_seller(seller=self.seller)
            .filter(product__pk=self.kwargs["pk"])
            .first()
        )
        if record is None:
            raise Http404
        return record.product

    def get_initial(self):
        product = self.product()
        return {"title": product.title, "description": product.description}

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.product(), **kwargs)

    def form_valid(self, form):
        try:
            product = services.product_details_update(
                seller=self.seller, product_pk=self.kwargs["pk"], **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Saved: %(product)s") % {"product": product.title}
        )
        return redirect("workspace:products")
