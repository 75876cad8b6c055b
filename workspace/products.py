"""A seller's products and stock on a phone, in the workspace's own pages
(staff keep Oscar's product dashboard): add a product, receive units, set a
price, edit the words of a product. Every read and write goes through the
seller's selectors and services."""

import re
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
from vietnam.images import strip_metadata
from vietnam.uploads import IMAGE_TYPES, validate_image_upload
from workspace.mixins import SellerWorkspaceMixin

StockRecord = get_model("partner", "StockRecord")
Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")


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


class DongField(forms.IntegerField):
    """A price in whole đồng, typed as a phone user writes it: "150.000",
    "150 000 ₫" and "150000đ" all mean 150000. Dots and spaces count only as
    thousands separators, so "150.5" and "150,5" are refused, not read as 1505."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"₫|vnđ|vnd|đ", "", value, flags=re.IGNORECASE).strip()
            if re.fullmatch(r"\d{1,3}([.\s]\d{3})+", value):
                value = re.sub(r"[.\s]", "", value)
        return super().to_python(value)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        return category.full_name


class ProductCreateForm(forms.Form):
    """What a seller types to put a new product on sale, in the order a phone
    shows it; prices in whole đồng, a photo checked by vietnam/uploads."""

    title = forms.CharField(label=gettext_lazy("Product name"), max_length=255)
    category = CategoryChoiceField(
        label=gettext_lazy("Category"),
        queryset=Category.objects.order_by("path"),
        empty_label=gettext_lazy("Choose a category"),
    )
    product_class = forms.ModelChoiceField(
        label=gettext_lazy("Product type"),
        queryset=ProductClass.objects.order_by("name"),
        empty_label=gettext_lazy("Choose a product type"),
    )
    price = DongField(
        label=gettext_lazy("Price (đồng)"),
        min_value=1,
        max_value=1_000_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": gettext_lazy("Enter the price in whole đồng, e.g. 150000.")
        },
    )
    num_in_stock = forms.IntegerField(
        label=gettext_lazy("Units in stock"),
        min_value=0,
        max_value=100000,
        initial=0,
        error_messages={
            "invalid": gettext_lazy("Enter a whole number of units, 0 or more."),
            "min_value": gettext_lazy("Enter a whole number of units, 0 or more."),
        },
    )
    unit = forms.CharField(
        label=gettext_lazy("Unit"),
        max_length=32,
        required=False,
        help_text=gettext_lazy("e.g. hộp, túi, kg"),
    )
    net_weight_grams = forms.IntegerField(
        label=gettext_lazy("Net weight (g)"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=gettext_lazy("Used to work out the shipping fee."),
        error_messages={
            "invalid": gettext_lazy("Enter the net weight in grams, e.g. 200."),
        },
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    image = forms.FileField(
        label=gettext_lazy("Photo of the product"),
        required=False,
        validators=[validate_image_upload],
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMAGE_TYPES)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        classes = list(self.fields["product_class"].queryset[:2])
        if len(classes) == 1:  # nothing to choose: preselect the only type
            self.fields["product_class"].initial = classes[0].pk

    def clean_image(self):
        image = self.cleaned_data.get("image")
        return strip_metadata(image) if image else None


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


class ProductCreateView(SellerWorkspaceMixin, FormView):
    """A new product, created in the seller's own shop (never another's: the
    service takes the acting seller, not a field of the form)."""

    template_name = "workspace/product_create.html"
    form_class = ProductCreateForm

    def get_context_data(self, **kwargs):
        if self.seller is None:
            raise Http404(_("Choose a seller to add a product to its shop."))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        if self.seller is None:
            raise Http404(_("Choose a seller to add a product to its shop."))
        try:
            product = services.product_create(seller=self.seller, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(product)s is on sale in your shop.") % {"product": product.title},
        )
        return redirect("workspace:products")
