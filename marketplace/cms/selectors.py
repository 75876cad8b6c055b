"""Reads for the CMS beyond a page's own querysets (those are on the page
models, which page contexts use): calendar feeds and sellers' proposals."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from marketplace.cms import models as cms
from sellers.models import SellerProfile

FEED_PAST_DAYS = 90


def livestreams_for_feed(*, seller: SellerProfile | None = None) -> QuerySet:
    """What a calendar subscription carries: the last three months and everything ahead."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    livestreams = cms.LivestreamPage.objects.published().filter(ends_at__gte=since)
    if seller is not None:
        livestreams = livestreams.filter(host=seller)
    return livestreams


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


def proposals_waiting_count(*, seller: SellerProfile | None) -> int:
    """A seller's proposals an editor has not decided on yet (the workspace
    home's task); None (staff without a chosen seller) counts every seller's.
    One query: Wagtail keeps the page id as text in WorkflowState.object_id."""
    pages = cms.LivestreamPage.objects.filter(live=False)
    if seller is not None:
        pages = pages.filter(host=seller)
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        status=WorkflowState.STATUS_IN_PROGRESS,
        object_id__in=pages.annotate(page_id=Cast("pk", CharField())).values("page_id"),
    ).count()


def complaints_for_seller(*, seller: SellerProfile | None) -> QuerySet:
    """Complaints about a seller's own livestreams; None (staff without a
    chosen seller) means every seller's."""
    complaints = cms.LivestreamComplaint.objects.select_related("livestream")
    if seller is not None:
        complaints = complaints.filter(livestream__host=seller)
    return complaints


def livestream_records(*, since) -> QuerySet:
    """Livestreams kept for the records: started since `since`, published or not
    (a refused proposal is part of the record too)."""
    return (
        cms.LivestreamPage.objects.filter(starts_at__gte=since)
        .select_related("host__partner")
        .prefetch_related(
            "streamers__livestreamer",
            "featured_products__product",
            "complaints",
        )
        .order_by("starts_at", "pk")
    )


def live_voucher(*, pk: int):
    """A livestream-only code of a published livestream, or None."""
    return (
        cms.LivestreamVoucher.objects.filter(pk=pk, page__live=True)
        .select_related("page")
        .first()
    )


POLICY_LINKS_KEY = "cms:policy-links"


def policy_links() -> list[dict]:
    """The footer's policy links (title, url), live, in the editors' tree order;
    cached, since every page shows them, until a policy page is published or
    unpublished (marketplace.cms.receivers)."""
    links = cache.get(POLICY_LINKS_KEY)
    if links is None:
        links = [
            {"title": page.title, "url": page.url}
            for page in cms.PolicyPage.objects.live().order_by("path")
        ]
        cache.set(POLICY_LINKS_KEY, links, None)
    return links
