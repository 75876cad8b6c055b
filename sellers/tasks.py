"""Sellers' emails, sent by the task worker."""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from sellers import emails
from sellers.models import SellerProfile

log = logging.getLogger(__name__)


def _profile(profile_id: int) -> SellerProfile | None:
    profile = SellerProfile.objects.select_related("partner").filter(pk=profile_id)
    found = profile.first()
    if found is None:
        log.info("Seller profile %s is gone; no email to send", profile_id)
    return found


@task()
def seller_invitation_send(*, profile_id: int, user_id: int) -> None:
    profile = _profile(profile_id)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        log.info("User %s is gone; no invitation to send", user_id)
    if profile and user:
        emails.seller_invitation_send(profile=profile, user=user)


@task()
def seller_review_send(*, profile_id: int, review: str) -> None:
    if profile := _profile(profile_id):
        emails.seller_review_send(profile=profile, review=review)
