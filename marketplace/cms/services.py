from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from catalog import selectors as catalog_selectors
from marketplace.cms.models import (
    CampaignIndexPage,
    HomePage,
    LivestreamIndexPage,
    LivestreamPage,
    LivestreamProduct,
)
from sellers.models import SellerProfile
from vietnam.slugs import unique_slug


@transaction.atomic
def site_origin() -> tuple[str, int]:
    """SITE_URL's host and port, as Wagtail's Site record holds them."""
    origin = urlsplit(settings.SITE_URL)
    return origin.hostname, origin.port or (443 if origin.scheme == "https" else 80)


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
    # Wagtail builds full URLs (previews, its admin's links) from this record:
    # the canonical origin, as everywhere else.
    site.hostname, site.port = site_origin()
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


EDITORS_GROUP = "Editors"
PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
LIVESTREAM_WORKFLOW = "Duyệt livestream của người bán"
LIVESTREAM_TASK = "Biên tập viên duyệt"


@transaction.atomic
def cms_tree_install() -> dict:
    """The page tree under the home page, the Editors group and the livestream
    moderation workflow. Idempotent: existing pages and settings are kept."""
    home = home_page_install()
    campaigns = CampaignIndexPage.objects.first() or _child_publish(
        home, CampaignIndexPage(title="Chương trình khuyến mại", slug="chuong-trinh")
    )
    livestreams = LivestreamIndexPage.objects.first() or _child_publish(
        home, LivestreamIndexPage(title="Lịch livestream", slug="livestream")
    )
    editors = editors_group_install(home=home)
    livestream_workflow_install(index=livestreams, editors=editors)
    return {"home": home, "campaigns": campaigns, "livestreams": livestreams}


def _child_publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def editors_group_install(*, home: Page) -> Group:
    """Wagtail's own Editors group (add and change pages) grown to run the home
    page, campaigns and livestreams in the Wagtail admin:
    they add, change, publish and lock pages under the home page, and upload and
    choose images and documents. They cannot delete the tree in bulk, manage
    users or settings, or touch Oscar's dashboard."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    # Wagtail's migrations create the root collection; a flushed database has none.
    root_collection = Collection.get_first_root_node() or Collection.add_root(
        name="Root"
    )
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    return group


def livestream_workflow_install(*, index: Page, editors: Group) -> Workflow:
    """Sellers' proposals wait for one approval by an editor (or a superuser)."""
    task, _ = GroupApprovalTask.objects.get_or_create(name=LIVESTREAM_TASK)
    task.groups.add(editors)
    workflow, created = Workflow.objects.get_or_create(name=LIVESTREAM_WORKFLOW)
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def livestream_propose(
    *,
    seller: SellerProfile,
    user,
    title: str,
    platform: str,
    stream_url: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str = "",
    products=(),
) -> LivestreamPage:
    """A seller's proposal becomes a draft LivestreamPage submitted to the
    moderation workflow; nothing is public until an editor approves it. Only the
    seller's own users (or staff) may propose for it, and only its own products."""
    if not (user.is_staff or seller.partner.users.filter(pk=user.pk).exists()):
        raise PermissionDenied
    own = set(
        catalog_selectors.products_for_listing(partner=seller.partner).values_list(
            "pk", flat=True
        )
    )
    if any(product.pk not in own for product in products):
        raise PermissionDenied
    index = LivestreamIndexPage.objects.get()
    page = LivestreamPage(
        title=title,
        slug=_free_slug(index, title),
        host=seller,
        platform=platform,
        stream_url=stream_url,
        starts_at=starts_at,
        ends_at=ends_at,
        summary=summary,
        live=False,
        owner=user,
    )
    page.featured_products = [
        LivestreamProduct(product=product, sort_order=n)
        for n, product in enumerate(products)
    ]
    page.full_clean(exclude=["path", "depth"])
    index.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is None:
        raise ImproperlyConfigured("cms_tree_install() sets the livestream workflow")
    workflow.start(page, user)
    revision.refresh_from_db()
    return page


def _free_slug(parent: Page, title: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    return unique_slug(title, fallback="livestream", taken=taken.__contains__)
