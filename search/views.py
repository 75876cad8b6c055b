from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from oscar.core.loading import get_model

import freshness
from catalog import selectors as catalog_selectors
from search import backends, selectors
from search.forms import ResultFilterForm, SearchForm

Category = get_model("catalogue", "Category")


class SearchView(TemplateView):
    """Results with facets; an empty, odd or over-long query is a normal page."""

    template_name = "oscar/search/results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        query = form.query()
        if form.was_shortened:
            messages.info(
                self.request, _("Your search was shortened to 200 characters.")
            )
        filter_form = ResultFilterForm(self.request.GET)
        chosen = filter_form.filters()
        listing = {
            key: chosen.get(key) for key in ("stars", "province", "certification")
        }
        ignored = filter_form.has_ignored
        if chosen.get("category"):
            try:
                listing["category"] = catalog_selectors.category_public(
                    pk=chosen["category"]
                )
            except Category.DoesNotExist:
                chosen["category"], ignored = None, True
        if ignored:
            messages.warning(
                self.request, _("Some filters were not valid and were ignored.")
            )
        freshness.depends(freshness.SEARCH_INDEX, complete=True)
        result, facets = selectors.results(
            query=query,
            filters=listing,
            seller=chosen.get("seller"),
            price=chosen.get("price"),
            sort=chosen.get("sort") or "relevance",
        )
        page = Paginator(result, self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        order = {pk: index for index, pk in enumerate(page.object_list)}
        products = sorted(
            catalog_selectors.for_cards(
                catalog_selectors.products_visible().filter(pk__in=page.object_list)
            ),
            key=lambda product: order[product.pk],
        )
        first_page = page.number == 1 and not any(chosen.values())
        context.update(
            form=form,
            query=query,
            filter_form=filter_form,
            chosen=chosen,
            facets=facets,
            products=products,
            sellers=selectors.cached(
                ["sellers", query], lambda: backends.sellers_matching(query)
            )
            if first_page
            else [],
            pages=selectors.cached(
                ["pages", query], lambda: backends.pages_matching(query)
            )
            if first_page
            else [],
            page_obj=page,
            paginator=page.paginator,
            summary=_("Results for “%(q)s”") % {"q": query} if query else _("Search"),
        )
        return context


class SuggestView(View):
    """Autocomplete for the search box: products and sellers as one types."""

    def get(self, request):
        query = SearchForm(request.GET).query()
        response = JsonResponse(
            selectors.cached(["suggest", query], lambda: self.payload(query))
        )
        response["Cache-Control"] = "public, max-age=60"
        return response

    @staticmethod
    def payload(query: str) -> dict:
        found = backends.suggestions(query)
        return {
            "query": query,
            "products": [
                {"title": product.title, "url": product.get_absolute_url()}
                for product in found["products"]
            ],
            "sellers": [
                {"name": seller.partner.name, "url": seller.get_absolute_url()}
                for seller in found["sellers"]
            ],
        }
