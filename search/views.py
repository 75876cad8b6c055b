from django.contrib import messages
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from catalog import selectors as catalog_selectors
from search import backends, selectors
from search.forms import ResultFilterForm, SearchForm


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
        if filter_form.has_ignored:
            messages.warning(
                self.request, _("Some filters were not valid and were ignored.")
            )
        listing = {
            key: chosen.get(key) for key in ("stars", "province", "certification")
        }
        ids = selectors.rank_exact_accents_first(
            backends.product_ids_matching(query), query
        )
        result, facets = selectors.search(
            ids=ids,
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
            catalog_selectors.with_card_data(
                catalog_selectors.products_visible().filter(pk__in=page.object_list)
            ),
            key=lambda product: order[product.pk],
        )
        context.update(
            form=form,
            query=query,
            filter_form=filter_form,
            chosen=chosen,
            facets=facets,
            products=products,
            page_obj=page,
            paginator=page.paginator,
            summary=_("Results for “%(q)s”") % {"q": query} if query else _("Search"),
        )
        return context
