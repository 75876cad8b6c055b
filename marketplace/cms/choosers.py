"""Wagtail admin choosers for Oscar products and sellers.

Editors type names without accents on their phones ("che cam my"); the query is
folded the way the shop search folds it, so "Chè Cẩm Mỹ" is found either way.
Pages store only the chosen ids and read price, stock and names live."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from search.backends import product_ids_matching, sellers_matching
from sellers.models import SellerProfile, SellerStatus
from vietnam.text import folded

Product = get_model("catalogue", "Product")


class FoldedSearchForm(BaseFilterForm):
    """The chooser's search box; subclasses say how folded words match."""

    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        terms = folded(self.cleaned_data.get("q") or "")
        if terms:
            objects = self.matching(objects, terms)
            self.is_searching = True
            self.search_query = self.cleaned_data["q"]
        return objects

    def matching(self, objects, terms: str):
        raise NotImplementedError


class ProductSearchForm(FoldedSearchForm):
    def matching(self, objects, terms: str):
        """The shop's own search index (folded text), limited to what may be sold."""
        return objects.filter(pk__in=product_ids_matching(terms))


class SellerSearchForm(FoldedSearchForm):
    def matching(self, objects, terms: str):
        """The shop's seller index (name, address, story; folded)."""
        found = sellers_matching(terms, limit=100)
        return objects.filter(pk__in=[seller.pk for seller in found])


class ProductChooseMixin:
    filter_form_class = ProductSearchForm

    def get_object_list(self):
        return Product.objects.filter(parent=None, is_public=True).order_by("title")


class SellerChooseMixin:
    filter_form_class = SellerSearchForm

    def get_object_list(self):
        return (
            SellerProfile.objects.filter(status=SellerStatus.ACTIVE)
            .select_related("partner")
            .order_by("partner__name")
        )


class FilteredChooserViewSet(ChooserViewSet):
    """A chooser whose list and results views share one mixin: the objects it
    offers and its folded search form."""

    def __init_subclass__(cls, *, mixin, **kwargs):
        super().__init_subclass__(**kwargs)
        name = cls.model.__name__
        cls.choose_view_class = type(f"{name}ChooseView", (mixin, ChooseView), {})
        cls.choose_results_view_class = type(
            f"{name}ChooseResultsView", (mixin, ChooseResultsView), {}
        )


class ProductChooserViewSet(FilteredChooserViewSet, mixin=ProductChooseMixin):
    model = Product
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")


class SellerChooserViewSet(FilteredChooserViewSet, mixin=SellerChooseMixin):
    model = SellerProfile
    icon = "group"
    choose_one_text = _("Choose a seller")
    choose_another_text = _("Choose another seller")


product_chooser_viewset = ProductChooserViewSet("product_chooser")
seller_chooser_viewset = SellerChooserViewSet("seller_chooser")
