from django.db import transaction
from wagtail.models import Page, Site

from marketplace.cms.models import HomePage


@transaction.atomic
def home_page_install(*, title: str = "Trang chủ", hero_title: str = "") -> HomePage:
    """Make a HomePage the default site's root, replacing Wagtail's welcome page.
    Idempotent: an existing HomePage is kept as it is."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for page in root.get_children().filter(slug="home"):
            page.delete()
        home = root.add_child(instance=HomePage(title=title, slug="home", hero_title=hero_title))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname = site.hostname or "localhost"
    site.root_page = home
    site.site_name = site.site_name or "Chợ OCOP"
    site.save()
    return home
