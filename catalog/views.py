"""Product listing, category, storefront and detail pages; our own because
Oscar's import haystack."""

from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView, View
from oscar.apps.catalogue.signals import product_viewed
from oscar.core.loading import get_class, get_model

import freshness
from catalog import selectors, services
from catalog.forms import ListingFilterForm
from catalog.templatetags.shared_parts import SharedParts
from sellers import selectors as seller_selectors
from sellers.models import DocumentKind, SellerProfile

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductAlert = get_model("customer", "ProductAlert")
ProductAlertForm = get_class("customer.forms", "ProductAlertForm")


class CatalogueView(TemplateView):
    """All products, filtered by OCOP stars, province and certification."""

    template_name = "oscar/catalogue/browse.html"
    category = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ListingFilterForm(self.request.GET or None)
        filters = form.filters()
        if form.has_ignored:
            messages.warning(
                self.request, _("Some filters were not valid and were ignored.")
            )
        freshness.depends(
            freshness.category_list(self.category.pk)
            if self.category
            else freshness.ALL_PRODUCTS,
            freshness.CATEGORIES,
            complete=True,
        )
        ids = selectors.listing_ids(category=self.category, **filters)
        page = Paginator(ids, self.paginate_by()).get_page(self.request.GET.get("page"))
        context.update(
            category=self.category,
            filter_form=form,
            products=selectors.products_by_ids(page.object_list),
            page_obj=page,
            paginator=page.paginator,
            summary=self.category.name if self.category else _("All products"),
        )
        return context

    def paginate_by(self) -> int:
        return settings.OSCAR_PRODUCTS_PER_PAGE


class ProductCategoryView(CatalogueView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        try:
            self.category = selectors.category_public(pk=kwargs["pk"])
        except Category.DoesNotExist:
            raise Http404(_("This category does not exist.")) from None
        expected = self.category.get_absolute_url()
        if unquote(request.path) != unquote(expected):
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(
                expected + (f"?{query}" if query else "")
            )
        return super().get(request, *args, **kwargs)


class ProductDetailView(DetailView):
    """Oscar's detail view, minus its module's haystack import; its stock-alert
    form posts to our StockAlertCreateView."""

    context_object_name = "product"
    template_name = "oscar/catalogue/detail.html"

    def get_object(self, queryset=None):
        try:
            return selectors.product_for_detail(pk=self.kwargs["pk"])
        except Product.DoesNotExist:
            raise Http404(_("This product does not exist.")) from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product, user = self.object, self.request.user
        context["alert_form"] = ProductAlertForm(user=user, product=product)
        context["has_active_alert"] = (
            user.is_authenticated
            and ProductAlert.objects.filter(
                product=product, user=user, status=ProductAlert.ACTIVE
            ).exists()
        )
        return context

    def get(self, request, *args, **kwargs):
        shared = (
            settings.FRAGMENT_CACHE_SECONDS > 0 and not request.user.is_authenticated
        )
        key = f"product-page:{get_language()}:{self.kwargs['pk']}"
        stored = freshness.fetch([key]).get(key) if shared else None
        if stored is not None:
            return self.from_parts(request, *stored)
        self.object = product = self.get_object()
        if unquote(product.get_absolute_url()) != unquote(request.path):
            return HttpResponsePermanentRedirect(product.get_absolute_url())
        public = product.is_public and (
            not product.is_child or product.parent.is_public
        )
        if not public and not request.user.is_staff:
            raise Http404(_("This product does not exist."))
        parts = SharedParts() if shared else None
        with freshness.recording() as recorded:
            freshness.depends(
                freshness.product(product.parent_id or product.pk),
                freshness.product(product.pk),
                freshness.CATEGORIES,
                *(freshness.seller(r.partner_id) for r in product.stockrecords.all()),
                complete=True,
            )
            context = self.get_context_data(object=product, shared_parts=parts)
            response = self.render_to_response(context).render()
        if parts is not None:
            # The nonce the parts were rendered with, renewed on each view.
            nonce = str(request.csp_nonce) if request.csp_nonce else None
            html = {n: freshness.blank_token(h.encode()) for n, h in parts.html.items()}
            stored = (product.get_absolute_url(), html, nonce)
            # At most five minutes: the date decides which certificates are valid.
            seconds = min(settings.FRAGMENT_CACHE_SECONDS, 300)
            freshness.store(key, stored, recorded=recorded, seconds=seconds)
        if request.user.is_authenticated:
            product_viewed.send(
                sender=self,
                product=product,
                user=request.user,
                request=request,
                response=response,
            )
        else:
            services.product_view_record(
                product_id=product.pk, request=request, response=response
            )
        return response

    def from_parts(self, request, url: str, html: dict, nonce: str | None):
        """The page around the kept parts of the product: no product read."""
        if unquote(url) != unquote(request.path):
            return HttpResponsePermanentRedirect(url)
        renewed = str(request.csp_nonce).encode() if nonce else b""
        parts = SharedParts(stored=True)
        for name, part in html.items():
            part = freshness.fill_token(request, part)
            parts.html[name] = (
                part.replace(nonce.encode(), renewed) if nonce else part
            ).decode()
        response = self.render_to_response({"shared_parts": parts, "view": self})
        services.product_view_record(
            product_id=int(self.kwargs["pk"]), request=request, response=response
        )
        return response


class StockAlertCreateView(View):
    """POST "Báo tôi khi có hàng" from a product page, with or without an
    account; Oscar's form checks duplicates, the service sends mail by task."""

    def post(self, request, pk):
        product = get_object_or_404(Product, pk=pk)
        form = ProductAlertForm(user=request.user, product=product, data=request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            alert = services.stock_alert_create(form=form)
            messages.success(
                request,
                _("We will email you when it is back in stock.")
                if alert.user
                else _("Almost done: open the link we sent to %(email)s to confirm.")
                % {"email": alert.email},
            )
        return redirect(product.get_absolute_url())


class StorefrontView(TemplateView):
    """/sellers/<slug>/: an active seller's profile, certificates and products."""

    template_name = "sellers/storefront.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            seller = seller_selectors.seller_for_storefront(slug=kwargs["slug"])
        except SellerProfile.DoesNotExist:
            raise Http404(_("This shop does not exist.")) from None
        freshness.depends(
            freshness.seller(seller.partner_id),
            freshness.seller_list(seller.partner_id),
            complete=True,
        )
        ids = selectors.listing_ids(partner=seller.partner)
        page = Paginator(ids, settings.OSCAR_PRODUCTS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            seller=seller,
            certificates=[
                d
                for d in seller.documents.all()
                if d.kind != DocumentKind.BUSINESS_REGISTRATION
            ],
            products=selectors.products_by_ids(page.object_list),
            page_obj=page,
            paginator=page.paginator,
        )
        return context
