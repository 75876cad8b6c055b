"""Wagtail pages: the home page, campaigns and livestreams.

Tree: HomePage → CampaignIndexPage → CampaignPage, and HomePage →
LivestreamIndexPage → LivestreamPage. Products and sellers are referenced by
chooser and read live from Oscar, never copied."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

import freshness
from catalog import selectors as catalog_selectors
from marketplace.cms.blocks import CampaignBodyBlock
from marketplace.cms.jsonld import livestream_event
from marketplace.cms.sanitise import validate_web_url
from marketplace.cms.schedule import schedule
from sellers import selectors as seller_selectors
from sellers.models import SellerStatus
from vietnam.text import index_text

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
    subpage_types = ["cms.CampaignIndexPage", "cms.LivestreamIndexPage"]
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
        InlinePanel("featured_products", label=_("Featured products")),
    ]
    parent_page_types = ["cms.LivestreamIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("search_text")]
    objects = PageManager.from_queryset(LivestreamPageQuerySet)()

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

    @property
    def has_ended(self) -> bool:
        return self.status == LivestreamStatus.ENDED

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            products=catalog_selectors.products_chosen(
                ids=[item.product_id for item in self.featured_products.all()]
            ),
            jsonld=livestream_event(page=self),
            share_lead=" · ".join(
                (
                    f"{timezone.localtime(self.starts_at):%H:%M %d/%m/%Y}",
                    self.host.partner.name,
                )
            ),
        )
        return context


class LivestreamProduct(ChosenProduct):
    page = ParentalKey(LivestreamPage, related_name="featured_products")
