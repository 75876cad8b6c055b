from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from marketplace.cms.models import HomePage


@transaction.atomic
def home_page_install(*, title: str = "Trang chủ", hero_title: str = "") -> HomePage:
    """Make a HomePage the default site's root, replacing Wagtail's welcome page.
    Idempotent: an existing HomePage is kept as it is."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or tree_root_install()
        for page in root.get_children().filter(slug="home"):
            page.delete()
        home = root.add_child(
            instance=HomePage(title=title, slug="home", hero_title=hero_title)
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True
    )
    site.hostname = site.hostname or "localhost"
    site.root_page = home
    site.site_name = site.site_name or "Chợ OCOP"
    site.save()
    return home


def tree_root_install() -> Page:
    """Wagtail's migrations create the tree root; a flushed database has none."""
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    return Page.add_root(
        instance=Page(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            locale=locale,
        )
    )
