from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from catalog import selectors
from search import backends
from search.forms import SearchForm


class SearchView(TemplateView):
    """Results in relevance order; an empty or unusable query is a normal page."""

    template_name = "oscar/search/results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        query = form.query()
        ids = backends.product_ids_matching(query)
        order = {pk: index for index, pk in enumerate(ids)}
        page = Paginator(ids, self.paginate_by).get_page(self.request.GET.get("page"))
        products = sorted(
            selectors.with_card_data(
                selectors.products_visible().filter(pk__in=page.object_list)
            ),
            key=lambda product: order[product.pk],
        )
        context.update(
            form=form,
            query=query,
            products=products,
            page_obj=page,
            paginator=page.paginator,
            summary=_("Results for “%(q)s”") % {"q": query} if query else _("Search"),
        )
        return context
