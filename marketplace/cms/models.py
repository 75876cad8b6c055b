from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from catalog import selectors as catalog_selectors


class HomePage(Page):
    """The site's front door at /. Editors set the hero; products and
    categories are read live from the catalogue so prices never go stale."""

    hero_title = models.CharField(_("Hero title"), max_length=120, blank=True)
    hero_text = RichTextField(
        _("Hero text"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("Home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_products"] = catalog_selectors.products_featured(limit=8)
        context["top_categories"] = catalog_selectors.categories_top()
        return context
