"""Reads for the CMS pages: livestreams by the clock, campaigns by date, and the
products and sellers editors chose, fetched live (current price, stock, name)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from catalog import selectors as catalog_selectors
from marketplace.cms import models as cms
from sellers.models import SellerProfile, SellerStatus

FEED_PAST_DAYS = 90


def products_chosen(*, ids: list[int]) -> list:
    """Chosen products in the editor's order, with card data; products no longer
    sold (hidden, or their seller suspended) drop out instead of showing stale data."""
    products = catalog_selectors.with_card_data(
        catalog_selectors.products_visible().filter(pk__in=ids)
    )
    by_id = {product.pk: product for product in products}
    return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]


def sellers_chosen(*, ids: list[int]) -> list[SellerProfile]:
    sellers = SellerProfile.objects.filter(
        pk__in=ids, status=SellerStatus.ACTIVE
    ).select_related("partner")
    by_id = {seller.pk: seller for seller in sellers}
    return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]


def livestreams_published() -> QuerySet:
    return (
        cms.LivestreamPage.objects.live()
        .filter(host__status=SellerStatus.ACTIVE)
        .select_related("host__partner")
        .order_by("starts_at", "pk")
    )


def livestreams_live(*, now: datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return livestreams_published().filter(starts_at__lte=now, ends_at__gt=now)


def livestreams_upcoming(*, limit: int, now: datetime | None = None) -> list:
    now = now or timezone.now()
    return list(livestreams_published().filter(starts_at__gt=now)[:limit])


def livestreams_for_feed(*, seller: SellerProfile | None = None) -> QuerySet:
    """What a calendar subscription carries: the last three months and everything ahead."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    livestreams = livestreams_published().filter(ends_at__gte=since)
    if seller is not None:
        livestreams = livestreams.filter(host=seller)
    return livestreams


def livestream_index():
    return cms.LivestreamIndexPage.objects.live().first()


def campaign_for_home(*, chosen=None):
    """The editor's pick while it is published, else the running campaign that
    started last, else nothing."""
    if chosen is not None and chosen.live:
        return chosen
    today = timezone.localdate()
    return (
        cms.CampaignPage.objects.live()
        .filter(starts_on__lte=today, ends_on__gte=today)
        .order_by("-starts_on", "pk")
        .first()
    )


def campaigns_listed(*, index) -> list:
    """Running campaigns first, then coming ones, then ended ones (newest first)."""
    campaigns = cms.CampaignPage.objects.live().child_of(index).order_by("starts_on")
    order = {
        cms.CampaignStatus.RUNNING: 0,
        cms.CampaignStatus.UPCOMING: 1,
        cms.CampaignStatus.ENDED: 2,
    }
    return sorted(
        campaigns,
        key=lambda c: (
            order[c.status],
            -c.starts_on.toordinal() if c.status == "ended" else 0,
        ),
    )


@dataclass
class ScheduleDay:
    day: date
    livestreams: list


@dataclass
class Schedule:
    view: str
    start: date
    end: date
    days: list[ScheduleDay]
    previous: date
    next: date


def schedule(*, view: str, day: str, today: date | None = None) -> Schedule:
    """Livestreams of one day or one week (Monday to Sunday), Vietnam time. A
    missing or malformed date means today, never an error page."""
    view = view if view in ("day", "week") else "week"
    today = today or timezone.localdate()
    try:
        chosen = date.fromisoformat(day) if day else today
    except ValueError:
        chosen = today
    if view == "day":
        start, length = chosen, 1
    else:
        start, length = chosen - timedelta(days=chosen.weekday()), 7
    end = start + timedelta(days=length - 1)
    zone = timezone.get_current_timezone()
    window_start = datetime.combine(start, time.min, tzinfo=zone)
    window_end = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    livestreams = livestreams_published().filter(
        starts_at__lt=window_end, ends_at__gt=window_start
    )
    days = [ScheduleDay(start + timedelta(days=n), []) for n in range(length)]
    for livestream in livestreams:
        first = max(timezone.localtime(livestream.starts_at).date(), start)
        days[(first - start).days].livestreams.append(livestream)
    return Schedule(
        view=view,
        start=start,
        end=end,
        days=days,
        previous=start - timedelta(days=length),
        next=start + timedelta(days=length),
    )


class ProposalOutcome(models.TextChoices):
    """Where a seller's livestream proposal stands, as the seller may see it."""

    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not approved")
    IN_MODERATION = "in_moderation", _("Waiting for approval")
    DRAFT = "draft", _("Draft")


@dataclass
class Proposal:
    page: object
    outcome: ProposalOutcome
    reason: str


def proposals_for_seller(*, seller: SellerProfile | None) -> list[Proposal]:
    """A seller's livestreams with the moderation outcome it can see: published,
    waiting for review, or changes requested with the editor's reason. None
    (staff without a chosen seller) means every seller's."""
    pages = cms.LivestreamPage.objects.select_related("host__partner").order_by(
        "-starts_at"
    )
    if seller is not None:
        pages = pages.filter(host=seller)
    pages = list(pages)
    states = {
        state.object_id: state
        for state in WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
        .select_related("current_task_state")
        .order_by("created_at")
    }
    proposals = []
    for page in pages:
        state = states.get(str(page.pk))
        if page.live:
            outcome, reason = ProposalOutcome.PUBLISHED, ""
        elif state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            outcome = ProposalOutcome.REJECTED
            reason = (
                state.current_task_state.comment if state.current_task_state else ""
            )
        elif state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            outcome, reason = ProposalOutcome.IN_MODERATION, ""
        else:
            outcome, reason = ProposalOutcome.DRAFT, ""
        proposals.append(Proposal(page=page, outcome=outcome, reason=reason))
    return proposals


def policy_pages() -> QuerySet:
    """The footer's policy links: live, public, in the editors' tree order."""
    return (
        cms.PolicyPage.objects.live()
        .public()
        .order_by("path")
        .only("title", "url_path")
    )
