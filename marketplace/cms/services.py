from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
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
    NO_QUALITY_DOCUMENTS,
    CampaignIndexPage,
    ComplaintStatus,
    HomePage,
    IdentityDocument,
    LivestreamComplaint,
    Livestreamer,
    LivestreamIndexPage,
    LivestreamPage,
    LivestreamProduct,
    LivestreamRulesPage,
    LivestreamStatus,
    LivestreamStreamer,
    LivestreamVoucher,
    PolicyPage,
)
from sellers.models import SellerProfile
from vietnam.slugs import unique_slug
from vietnam.validators import normalise_mobile

StockRecord = get_model("partner", "StockRecord")
Voucher = get_model("voucher", "Voucher")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")


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
    rules = LivestreamRulesPage.objects.first() or _child_publish(
        home,
        LivestreamRulesPage(
            title="Quy chế livestream bán hàng",
            slug="quy-che-livestream",
            intro=RULES_INTRO,
            body=RULES_BODY,
        ),
    )
    editors = editors_group_install(home=home)
    livestream_workflow_install(index=livestreams, editors=editors)
    return {
        "home": home,
        "campaigns": campaigns,
        "livestreams": livestreams,
        "rules": rules,
    }


RULES_INTRO = (
    "Quy định áp dụng cho mọi phiên livestream bán hàng trên Chợ OCOP, theo "
    "Luật Thương mại điện tử số 122/2025/QH15."
)
RULES_BODY = (
    "<h2>1. Người livestream</h2>"
    "<p>Mỗi phiên ghi rõ người livestream. Ban quản lý xác thực danh tính "
    "(họ tên, số CCCD hoặc hộ chiếu, số điện thoại) trước khi phiên được đăng.</p>"
    "<h2>2. Sản phẩm</h2>"
    "<p>Chỉ sản phẩm có giấy chứng nhận chất lượng còn hiệu lực (OCOP, VietGAP, "
    "hữu cơ…) được giới thiệu. Hàng có nguy cơ ảnh hưởng sức khỏe, an toàn phải "
    "kèm cảnh báo hiển thị cạnh sản phẩm.</p>"
    "<h2>3. Thông tin trung thực</h2>"
    "<p>Không nói sai về công dụng, xuất xứ, chất lượng, giá, khuyến mại; không "
    "dùng lời lẽ, hình ảnh trái thuần phong mỹ tục.</p>"
    "<h2>4. Phản ánh, khiếu nại</h2>"
    "<p>Người xem bấm “Phản ánh / khiếu nại” trên trang phiên livestream, không "
    "cần tài khoản. Ban quản lý tiếp nhận, xử lý và trả lời.</p>"
    "<h2>5. Lưu trữ</h2>"
    "<p>Lịch phát, người livestream, sản phẩm và giá, phản ánh và cách giải quyết "
    "được lưu trong thời hạn luật định.</p>"
)


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
    streamer_name: str = "",
    streamer_phone: str = "",
) -> LivestreamPage:
    """A seller's proposal becomes a draft LivestreamPage submitted to the
    moderation workflow; nothing is public until an editor approves it. Only the
    seller's own users (or staff) may propose for it, and only its own products.
    The named streamer is recorded for staff to verify (an existing record with
    the same name and mobile is reused, with its verification)."""
    if not (user.is_staff or seller.partner.users.filter(pk=user.pk).exists()):
        raise PermissionDenied
    own = set(
        catalog_selectors.products_for_listing(partner=seller.partner).values_list(
            "pk", flat=True
        )
    )
    if any(product.pk not in own for product in products):
        raise PermissionDenied
    for product in products:
        if not catalog_selectors.product_has_quality_documents(product):
            raise ValidationError({"products": NO_QUALITY_DOCUMENTS})
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
    if streamer_name:
        streamer = Livestreamer.objects.filter(
            full_name=streamer_name.strip(), phone=streamer_phone
        ).first() or Livestreamer.objects.create(
            full_name=streamer_name.strip(), phone=streamer_phone
        )
        page.streamers = [LivestreamStreamer(livestreamer=streamer)]
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


@transaction.atomic
def livestream_prices_record(*, page: LivestreamPage) -> None:
    """Keep the price each featured product had when the livestream went out,
    for the livestream records (prices change after a sale ends)."""
    prices = dict(
        StockRecord.objects.filter(
            partner=page.host.partner,
            product__in=[item.product_id for item in page.featured_products.all()],
        ).values_list("product_id", "price")
    )
    for item in LivestreamProduct.objects.filter(page=page):
        item.price_shown = prices.get(item.product_id)
        item.save(update_fields=["price_shown"])


@transaction.atomic
def complaint_file(
    *, livestream: LivestreamPage, message: str, name: str = "", phone: str = ""
) -> LivestreamComplaint:
    """A viewer's report, kept as typed (templates escape it) for staff."""
    complaint = LivestreamComplaint(
        livestream=livestream,
        name=name.strip(),
        phone=normalise_mobile(phone.strip()) if phone.strip() else "",
        message=message.strip(),
    )
    complaint.full_clean()
    complaint.save()
    return complaint


COMPLAINT_ORDER = [
    ComplaintStatus.NEW,
    ComplaintStatus.HANDLING,
    ComplaintStatus.RESOLVED,
]


def complaint_transition_check(*, current: str, new: str) -> None:
    """Complaints move forward only: new → handling → resolved (a step may be
    skipped, a resolved complaint stays resolved)."""
    if COMPLAINT_ORDER.index(new) < COMPLAINT_ORDER.index(current):
        raise ValidationError(
            {
                "status": _("A complaint cannot go back from “%(current)s”.")
                % {"current": ComplaintStatus(current).label}
            }
        )


@transaction.atomic
def complaint_handle(
    *, complaint: LivestreamComplaint, user, status: str, reply: str = ""
) -> LivestreamComplaint:
    complaint = LivestreamComplaint.objects.select_for_update().get(pk=complaint.pk)
    complaint_transition_check(current=complaint.status, new=status)
    complaint.status, complaint.reply, complaint.handled_by = status, reply, user
    if status == ComplaintStatus.RESOLVED and complaint.resolved_at is None:
        complaint.resolved_at = timezone.now()
    complaint.full_clean()
    complaint.save()
    return complaint


def livestream_records_purge(*, now: datetime | None = None) -> int:
    """Complaints of livestreams that ended before the retention period are
    deleted; the livestream pages themselves stay (they are public history)."""
    cutoff = (now or timezone.now()) - timedelta(
        days=settings.LIVESTREAM_RECORDS_RETENTION_DAYS
    )
    deleted, _counts = LivestreamComplaint.objects.filter(
        livestream__ends_at__lt=cutoff
    ).delete()
    return deleted


@transaction.atomic
def livestreamer_verify(
    *,
    full_name: str,
    phone: str,
    document_number: str,
    user=None,
    document_kind: str = IdentityDocument.CITIZEN_ID,
) -> Livestreamer:
    """Staff record a streamer whose identity they checked against the original
    document (the demo loader and tests use it too). Idempotent per document."""
    streamer = Livestreamer.objects.filter(
        document_kind=document_kind, document_number=document_number
    ).first() or Livestreamer(
        document_kind=document_kind, document_number=document_number
    )
    streamer.full_name, streamer.phone = full_name, normalise_mobile(phone)
    streamer.verified_at, streamer.verified_by = timezone.now(), user
    streamer.full_clean()
    streamer.save()
    return streamer


def _voucher_name(page: LivestreamPage, code: str) -> str:
    return f"Livestream {page.pk} {code}"


@transaction.atomic
def live_vouchers_sync(*, page: LivestreamPage) -> None:
    """Write the page's livestream-only codes as Oscar vouchers: valid from the
    start to the end of the livestream, a percentage off its featured products
    only (a range of exactly those), one use per order, at most `limit` orders.
    Codes removed from the page, or a page taken offline, end at once."""
    now = timezone.now()
    products = [item.product for item in page.featured_products.all()]
    codes = []
    for item in page.vouchers.all():
        name = _voucher_name(page, item.code)
        codes.append(item.code)
        voucher = Voucher.objects.filter(code=item.code).first() or Voucher(
            code=item.code, usage=Voucher.MULTI_USE
        )
        voucher.name = name
        voucher.start_datetime = page.starts_at
        voucher.end_datetime = page.ends_at if page.live else min(now, page.ends_at)
        voucher.save()
        offer = voucher.offers.first()
        if offer is None:
            product_range = Range.objects.create(name=name)
            offer = ConditionalOffer(
                name=name,
                offer_type=ConditionalOffer.VOUCHER,
                condition=Condition.objects.create(
                    range=product_range, type=Condition.COUNT, value=1
                ),
                benefit=Benefit.objects.create(
                    range=product_range, type=Benefit.PERCENTAGE, value=item.percent
                ),
                max_basket_applications=1,
            )
        offer.benefit.value = item.percent
        offer.benefit.save()
        offer.max_global_applications = item.limit
        offer.save()
        voucher.offers.add(offer)
        offer.benefit.range.included_products.set(products)
    Voucher.objects.filter(name__startswith=_voucher_name(page, "")).exclude(
        code__in=codes
    ).filter(end_datetime__gt=now).update(end_datetime=now)


def live_vouchers_end(*, page: LivestreamPage) -> None:
    """A page taken offline takes its codes with it."""
    Voucher.objects.filter(
        name__startswith=_voucher_name(page, ""), end_datetime__gt=timezone.now()
    ).update(end_datetime=timezone.now())


class LiveVoucherRefused(Exception):
    """The code cannot be used now; the message says why, in Vietnamese."""


def live_voucher_apply(*, basket, item: LivestreamVoucher, user) -> None:
    """One tap on the live page puts the code in the basket, or says why not:
    before the start, after the end, all uses taken, or nothing of the
    livestream's in the basket. Oscar prices it from then on, and checks the
    dates again on every request, so a code kept in a basket dies with the stream."""
    page = item.page
    status = page.status if page.live else LivestreamStatus.UPCOMING
    if status == LivestreamStatus.UPCOMING:
        raise LiveVoucherRefused(
            _("Code %(code)s can only be used while the livestream is on air.")
            % {"code": item.code}
        )
    if status == LivestreamStatus.ENDED:
        raise LiveVoucherRefused(
            _("The livestream has ended: code %(code)s can no longer be used.")
            % {"code": item.code}
        )
    voucher = Voucher.objects.filter(code=item.code).prefetch_related("offers").first()
    offer = voucher.offers.first() if voucher else None
    if offer is None or offer.get_max_applications() == 0:
        raise LiveVoucherRefused(
            _("Code %(code)s has been used up.") % {"code": item.code}
        )
    featured = {fp.product_id for fp in page.featured_products.all()}
    if basket.id is None or not any(
        line.product_id in featured or line.product.parent_id in featured
        for line in basket.all_lines()
    ):
        raise LiveVoucherRefused(
            _(
                "Code %(code)s is for the products of this livestream: add one "
                "to your basket first."
            )
            % {"code": item.code}
        )
    if not basket.vouchers.filter(pk=voucher.pk).exists():
        basket.vouchers.add(voucher)
        # As Oscar's own voucher form counts it (its remove view subtracts it).
        Voucher.objects.filter(pk=voucher.pk).update(
            num_basket_additions=F("num_basket_additions") + 1
        )


def policy_page_install(*, title: str, slug: str, body: str) -> PolicyPage:
    """A policy page under the home page; an existing one (by slug) is kept as
    the editors left it."""
    home = HomePage.objects.get()
    existing = PolicyPage.objects.child_of(home).filter(slug=slug).first()
    return existing or _child_publish(
        home, PolicyPage(title=title, slug=slug, body=body)
    )
