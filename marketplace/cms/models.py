"""Wagtail pages: the home page, campaigns and livestreams.

Tree: HomePage → CampaignIndexPage → CampaignPage, and HomePage →
LivestreamIndexPage → LivestreamPage. Products and sellers are referenced by
chooser and read live from Oscar, never copied."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, RevisionMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

import freshness
from catalog import selectors as catalog_selectors
from marketplace.cms import duties
from marketplace.cms.admin_forms import LivestreamPageForm
from marketplace.cms.blocks import CampaignBodyBlock
from marketplace.cms.jsonld import livestream_event
from marketplace.cms.sanitise import validate_web_url
from marketplace.cms.schedule import schedule
from sellers import selectors as seller_selectors
from sellers.models import SellerStatus
from vietnam.text import index_text
from vietnam.validators import validate_mobile

INTRO_FEATURES = ["bold", "italic", "link"]


class HomePage(Page):
    """The site's front door at /, edited by the marketplace's editors: the hero,
    the campaign to push, and the products and sellers to feature. Livestreams
    and categories are read live, so the page never needs editing to stay true."""

    hero_title = models.CharField(_("Hero title"), max_length=120, blank=True)
    hero_text = RichTextField(_("Hero text"), blank=True, features=INTRO_FEATURES)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_campaign = models.ForeignKey(
        "cms.CampaignPage",
        verbose_name=_("Current campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Left empty, the running campaign that started last is shown."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("current_campaign"),
        InlinePanel("featured_products", label=_("Featured products")),
        InlinePanel("featured_sellers", label=_("Featured sellers")),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.CampaignIndexPage",
        "cms.LivestreamIndexPage",
        "cms.LivestreamRulesPage",
        "cms.PolicyPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chosen = [item.product_id for item in self.featured_products.all()]
        # Featured products are picked from the whole list; cards name each.
        freshness.depends(
            freshness.ALL_PRODUCTS, freshness.PAGES, freshness.SELLERS, complete=True
        )
        context.update(
            campaign=CampaignPage.for_home(chosen=self.current_campaign),
            live_now=LivestreamPage.objects.on_air(),
            coming_up=LivestreamPage.objects.upcoming(limit=4),
            featured_products=(
                catalog_selectors.products_chosen(ids=chosen)
                if chosen
                else catalog_selectors.products_featured(limit=8)
            ),
            featured_sellers=seller_selectors.sellers_chosen(
                ids=[item.seller_id for item in self.featured_sellers.all()]
            ),
            top_categories=catalog_selectors.categories_top(),
            livestream_index=LivestreamIndexPage.objects.live().first(),
        )
        return context


class ChosenProduct(Orderable):
    """A product an editor picks for a page: only the id is kept, the page
    reads price and stock live."""

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("Product"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        abstract = True


class HomeFeaturedProduct(ChosenProduct):
    page = ParentalKey(HomePage, related_name="featured_products")


class HomeFeaturedSeller(Orderable):
    page = ParentalKey(HomePage, related_name="featured_sellers")
    seller = models.ForeignKey(
        "partner.SellerProfile",
        verbose_name=_("Seller"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    panels = [FieldPanel("seller")]


class IndexPage(Page):
    """One list page under the home page: editors write its introduction, the
    list itself follows the pages below it."""

    intro = RichTextField(_("Introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    max_count = 1

    class Meta:
        abstract = True


class CampaignIndexPage(IndexPage):
    """Lists campaigns, running first. Editors write its introduction once; the
    list follows the campaigns' dates."""

    subpage_types = ["cms.CampaignPage"]

    class Meta:
        verbose_name = _("Campaign list")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["campaigns"] = self.campaigns_listed()
        return context

    def campaigns_listed(self) -> list:
        """Running campaigns first, then coming ones, then ended ones (newest first)."""
        campaigns = CampaignPage.objects.live().child_of(self).order_by("starts_on")
        order = {
            CampaignStatus.RUNNING: 0,
            CampaignStatus.UPCOMING: 1,
            CampaignStatus.ENDED: 2,
        }
        return sorted(
            campaigns,
            key=lambda c: (
                order[c.status],
                -c.starts_on.toordinal() if c.status == CampaignStatus.ENDED else 0,
            ),
        )


class CampaignStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Coming up")
    RUNNING = "running", _("On now")
    ENDED = "ended", _("Ended")


class CampaignPage(Page):
    """A sales campaign such as "Chợ phiên OCOP – Về miền Đất Tổ", run by editors
    without a developer: dates, banner, and a body of text, pictures, product
    grids, seller cards, videos and questions. After its end it says so."""

    starts_on = models.DateField(_("Starts on"))
    ends_on = models.DateField(_("Ends on"))
    banner = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Banner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.TextField(_("Short introduction"), blank=True, max_length=400)
    body = StreamField(CampaignBodyBlock(), verbose_name=_("Body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("banner"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.CampaignIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("search_text")]

    class Meta:
        verbose_name = _("Campaign")

    @classmethod
    def for_home(cls, *, chosen=None):
        """The editor's pick while it is published, else the running campaign that
        started last, else nothing."""
        if chosen is not None and chosen.live:
            return chosen
        today = timezone.localdate()
        return (
            cls.objects.live()
            .filter(starts_on__lte=today, ends_on__gte=today)
            .order_by("-starts_on", "pk")
            .first()
        )

    def search_text(self) -> str:
        """Folded like products, so the shop search finds "cho phien dat to"."""
        return index_text(self.title, self.intro, self.search_description)

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The campaign must end on or after its first day.")}
            )

    def status_on(self, day) -> str:
        if day < self.starts_on:
            return CampaignStatus.UPCOMING
        if day > self.ends_on:
            return CampaignStatus.ENDED
        return CampaignStatus.RUNNING

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return CampaignStatus(self.status).label


class LivestreamIndexPage(IndexPage):
    """The livestream schedule, by day or by week, with calendar feeds. Editors
    write its introduction; sellers' proposals arrive here as drafts in moderation."""

    subpage_types = ["cms.LivestreamPage"]

    class Meta:
        verbose_name = _("Livestream schedule")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["schedule"] = schedule(
            livestreams=LivestreamPage.objects.published(),
            view=request.GET.get("view", ""),
            day=request.GET.get("date", ""),
        )
        context["live_now"] = LivestreamPage.objects.on_air()
        return context


class Platform(models.TextChoices):
    TIKTOK = "tiktok", "TikTok"
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    ZALO = "zalo", "Zalo"
    OTHER = "other", _("Other")


class LivestreamStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Coming up")
    LIVE = "live", _("Live now")
    ENDED = "ended", _("Ended")


class LivestreamPageQuerySet(PageQuerySet):
    def published(self):
        """Live pages of active sellers: a suspended seller's streams disappear."""
        return (
            self.live()
            .filter(host__status=SellerStatus.ACTIVE)
            .select_related("host__partner")
            .order_by("starts_at", "pk")
        )

    def on_air(self, *, now: datetime | None = None):
        now = now or timezone.now()
        return self.published().filter(starts_at__lte=now, ends_at__gt=now)

    def upcoming(self, *, limit: int, now: datetime | None = None) -> list:
        now = now or timezone.now()
        return list(self.published().filter(starts_at__gt=now)[:limit])


class LivestreamPage(Page):
    """One livestream sales session of a seller on TikTok, Facebook, YouTube or
    Zalo. Sellers propose it from their workspace (a draft in moderation);
    editors check and publish it. Its status follows the clock."""

    host = models.ForeignKey(
        "partner.SellerProfile",
        verbose_name=_("Host seller"),
        on_delete=models.PROTECT,
        related_name="livestreams",
    )
    platform = models.CharField(_("Platform"), max_length=16, choices=Platform.choices)
    stream_url = models.URLField(
        _("Stream address"), max_length=500, validators=[validate_web_url]
    )
    starts_at = models.DateTimeField(_("Starts at"), db_index=True)
    ends_at = models.DateTimeField(_("Ends at"))
    replay_url = models.URLField(
        _("Replay address"),
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text=_("Shown after the end."),
    )
    summary = models.TextField(_("What will be shown"), blank=True, max_length=1000)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Cover picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("host"),
        FieldRowPanel([FieldPanel("platform"), FieldPanel("stream_url")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("replay_url"),
        FieldPanel("summary"),
        FieldPanel("cover"),
        InlinePanel("streamers", label=_("Livestreamers"), min_num=1),
        InlinePanel("featured_products", label=_("Featured products")),
        InlinePanel("vouchers", label=_("Livestream-only discount codes")),
    ]
    parent_page_types = ["cms.LivestreamIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("search_text")]
    objects = PageManager.from_queryset(LivestreamPageQuerySet)()
    base_form_class = LivestreamPageForm

    class Meta:
        verbose_name = _("Livestream")

    def search_text(self) -> str:
        """Folded like products: title, what will be shown, the host's name."""
        return index_text(self.title, self.summary, self.host.partner.name)

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": _("The livestream must end after it starts.")}
            )

    def status_at(self, moment: datetime) -> str:
        if moment < self.starts_at:
            return LivestreamStatus.UPCOMING
        if moment < self.ends_at:
            return LivestreamStatus.LIVE
        return LivestreamStatus.ENDED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def status_label(self) -> str:
        return LivestreamStatus(self.status).label

    def publish_problems(self) -> list[str]:
        return duties.publish_problems(
            streamers=[item.livestreamer for item in self.streamers.all()],
            products=[item.product for item in self.featured_products.all()],
        )

    def publish(self, revision, *args, **kwargs):
        """The last guard, whatever path publishes (editor, workflow, scheduler):
        every streamer verified, every featured product's documents in force."""
        problems = revision.as_object().publish_problems()
        if problems:
            raise LivestreamNotPublishable(" ".join(problems))
        return super().publish(revision, *args, **kwargs)

    def products_for_viewers(self) -> list:
        """The featured products a viewer may still buy, each with the warning
        the streamer gives for it; a product whose quality documents lapsed
        since publication drops out rather than being sold without them."""
        items = list(self.featured_products.all())
        documented = set(
            catalog_selectors.products_visible()
            .filter(
                catalog_selectors.quality_documents_in_force_q(),
                pk__in=[item.product_id for item in items],
            )
            .values_list("pk", flat=True)
        )
        products = catalog_selectors.products_chosen(
            ids=[item.product_id for item in items if item.product_id in documented]
        )
        warnings = {item.product_id: item.warning for item in items}
        for product in products:
            product.livestream_warning = warnings.get(product.pk, "")
        return products

    @property
    def has_ended(self) -> bool:
        return self.status == LivestreamStatus.ENDED

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            products=self.products_for_viewers(),
            jsonld=livestream_event(page=self),
            rules_page=LivestreamRulesPage.objects.live().first(),
            share_lead=" · ".join(
                (
                    f"{timezone.localtime(self.starts_at):%H:%M %d/%m/%Y}",
                    self.host.partner.name,
                )
            ),
        )
        return context


class LivestreamNotPublishable(PermissionDenied):
    """A livestream that the E-commerce Law forbids to show yet; the message
    says why in words an editor can act on."""


NO_QUALITY_DOCUMENTS = _(
    "This product has no quality document in force (OCOP or another "
    "certificate): it cannot be sold in a livestream."
)


class LivestreamProduct(ChosenProduct):
    page = ParentalKey(LivestreamPage, related_name="featured_products")
    warning = models.CharField(
        _("Warning shown beside the product"),
        max_length=300,
        blank=True,
        help_text=_(
            "For goods that can harm health, safety or property: how to use or "
            "store them safely, who should not use them."
        ),
    )
    price_shown = models.DecimalField(
        _("Price shown"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The price when the livestream was published, for the records."),
    )
    panels = [FieldPanel("product"), FieldPanel("warning")]

    def clean(self):
        super().clean()
        product = getattr(self, "product", None)
        if product is not None and not catalog_selectors.product_has_quality_documents(
            product
        ):
            raise ValidationError({"product": NO_QUALITY_DOCUMENTS})


class LivestreamVoucher(Orderable):
    """A discount code valid only while its livestream is live and only on the
    livestream's featured products, optionally for a limited number of orders.
    Editors set it here; publishing the page writes Oscar's voucher and offer
    (`services.live_vouchers_sync`), which do the pricing."""

    page = ParentalKey(LivestreamPage, related_name="vouchers")
    code = models.CharField(
        _("Code"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9-]{4,32}$",
                _("4 to 32 capital letters, digits or dashes, e.g. CAMMY-LIVE."),
            )
        ],
    )
    percent = models.PositiveSmallIntegerField(
        _("Discount (%)"), validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    limit = models.PositiveIntegerField(
        _("Number of orders"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Left empty, any number of orders during the livestream."),
    )
    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("percent"), FieldPanel("limit")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Livestream-only discount code")

    def __str__(self):
        return self.code


class IdentityDocument(models.TextChoices):
    CITIZEN_ID = "citizen_id", _("Citizen ID card (CCCD)")
    PASSPORT = "passport", _("Passport")


class Livestreamer(RevisionMixin, models.Model):
    """A person who sells live on camera. Staff record and verify who they are
    before any of their livestreams can be published (E-commerce Law 2025,
    Art. 24). Visible to staff only; every change is kept as a revision."""

    full_name = models.CharField(_("Full name"), max_length=120)
    phone = models.CharField(
        _("Mobile"), max_length=16, blank=True, validators=[validate_mobile]
    )
    document_kind = models.CharField(
        _("Identity document"),
        max_length=16,
        choices=IdentityDocument.choices,
        default=IdentityDocument.CITIZEN_ID,
    )
    document_number = models.CharField(_("Document number"), max_length=32, blank=True)
    verified_at = models.DateTimeField(
        _("Verified at"), null=True, blank=True, editable=False
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    note = models.TextField(_("Staff note"), blank=True)
    created_at = models.DateTimeField(_("Recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("Livestreamer")
        verbose_name_plural = _("Livestreamers")

    def __str__(self):
        return self.full_name

    @property
    def is_verified(self) -> bool:
        return bool(self.verified_at and self.document_number)

    def clean(self):
        super().clean()
        if self.verified_at and not self.document_number:
            raise ValidationError(
                {
                    "document_number": _(
                        "Record the identity document number before marking "
                        "the livestreamer verified."
                    )
                }
            )


class LivestreamStreamer(Orderable):
    page = ParentalKey(LivestreamPage, related_name="streamers")
    livestreamer = models.ForeignKey(
        Livestreamer,
        verbose_name=_("Livestreamer"),
        on_delete=models.PROTECT,
        related_name="streams",
    )
    panels = [FieldPanel("livestreamer")]


class LivestreamRulesPage(Page):
    """The platform's published rules for livestream selling ("Quy chế
    livestream bán hàng"), which the E-commerce Law asks a platform to publish
    and every streamer to follow. Editors keep it up to date; every livestream
    page links to it."""

    intro = models.TextField(_("Summary"), blank=True, max_length=600)
    body = RichTextField(_("Rules"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("Livestream selling rules")


class ComplaintStatus(models.TextChoices):
    NEW = "new", _("New")
    HANDLING = "handling", _("Being handled")
    RESOLVED = "resolved", _("Resolved")


COMPLAINT_MAX_CHARS = 2000


class LivestreamComplaint(models.Model):
    """A viewer's report or complaint about a livestream, sent from the live
    page without an account. Staff move it new → handling → resolved and write
    the reply; the host seller reads those about its own streams."""

    livestream = models.ForeignKey(
        LivestreamPage,
        verbose_name=_("Livestream"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    name = models.CharField(_("Your name"), max_length=120, blank=True)
    phone = models.CharField(
        _("Phone (optional)"), max_length=16, blank=True, validators=[validate_mobile]
    )
    message = models.TextField(_("What happened"), max_length=COMPLAINT_MAX_CHARS)
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.NEW,
        db_index=True,
    )
    reply = models.TextField(_("Reply"), blank=True, max_length=COMPLAINT_MAX_CHARS)
    created_at = models.DateTimeField(_("Received at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("Resolved at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Livestream complaint")
        verbose_name_plural = _("Livestream complaints")

    def __str__(self):
        return f"#{self.pk} {self.livestream.title}"

    def clean(self):
        super().clean()
        if self.status == ComplaintStatus.RESOLVED and not self.reply.strip():
            raise ValidationError(
                {"reply": _("Write the reply before marking the complaint resolved.")}
            )


class PolicyPage(Page):
    """One of the marketplace's rules a shopper may want before buying (returns,
    privacy, operating rules), written by the editors; every live one is linked
    from the footer of every shopper page, in the order of the page tree."""

    body = RichTextField(
        _("Policy text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
