"""Public seller pages: apply to sell, storefronts and the sellers directory."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

import freshness
from catalog import selectors as catalog_selectors
from sellers import selectors, services
from sellers.forms import DirectoryFilterForm, SellerApplicationForm
from sellers.models import SellerProfile


class SellerApplyView(FormView):
    template_name = "sellers/apply.html"
    form_class = SellerApplicationForm

    def post(self, request, *args, **kwargs):
        if "choose_province" in request.POST:
            # Without JavaScript: re-show the form with that province's communes.
            form = self.get_form()
            form.errors.clear()
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.seller_apply(
            name=form.cleaned_data["name"],
            documents=form.documents(),
            **form.profile_fields(),
        )
        return redirect("sellers:applied")


class SellerAppliedView(TemplateView):
    template_name = "sellers/applied.html"


class StorefrontView(TemplateView):
    template_name = "sellers/storefront.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            seller = selectors.seller_for_storefront(slug=kwargs["slug"])
        except SellerProfile.DoesNotExist:
            raise Http404(_("This shop does not exist.")) from None
        freshness.depends(
            freshness.seller(seller.partner_id),
            freshness.seller_list(seller.partner_id),
            complete=True,
        )
        ids = catalog_selectors.listing_ids(partner=seller.partner)
        page = Paginator(ids, settings.OSCAR_PRODUCTS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            seller=seller,
            certificates=[
                d for d in seller.documents.all() if d.kind != "business_registration"
            ],
            products=catalog_selectors.products_by_ids(page.object_list),
            page_obj=page,
            paginator=page.paginator,
        )
        return context


class SellerDirectoryView(TemplateView):
    template_name = "sellers/directory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DirectoryFilterForm(self.request.GET or None)
        sellers = selectors.sellers_active(**form.filters())
        page = Paginator(sellers, 24).get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            sellers=page.object_list,
            page_obj=page,
            paginator=page.paginator,
        )
        return context
