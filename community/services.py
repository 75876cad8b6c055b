"""Writes about helpers: approval by staff, applying for a household, grants,
revocation and the action log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import (
    CommunityHelper,
    HelperAction,
    HelperCommune,
    HelperGrant,
    HelperStatus,
    HouseholdConsent,
)
from sellers import services as seller_services
from sellers.models import SellerKind, SellerProfile


@transaction.atomic
def helper_approve(
    *, user, team: str, wards: list[int], approved_by, phone: str = ""
) -> CommunityHelper:
    """Staff make `user` a helper for the named communes (replacing earlier ones)."""
    if not approved_by.is_staff:
        raise PermissionDenied
    if not wards:
        raise ValidationError(_("Name at least one commune."))
    helper, _created = CommunityHelper.objects.update_or_create(
        user=user,
        defaults={
            "team": team,
            "phone": phone,
            "status": HelperStatus.ACTIVE,
            "approved_by": approved_by,
            "approved_at": timezone.now(),
        },
    )
    helper.full_clean()
    helper.communes.exclude(ward__in=wards).delete()
    for ward in wards:
        commune = HelperCommune(helper=helper, ward=ward)
        commune.full_clean(validate_constraints=False)
        HelperCommune.objects.get_or_create(helper=helper, ward=ward)
    return helper


@transaction.atomic
def helper_withdraw(*, helper: CommunityHelper) -> None:
    """Staff end a helper's role: every grant ends with it."""
    helper.status = HelperStatus.WITHDRAWN
    helper.save(update_fields=["status"])
    HelperGrant.objects.filter(helper=helper, revoked_at=None).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def household_apply(
    *,
    helper: CommunityHelper,
    name: str,
    given_by: str,
    method: str,
    given_at,
    documents: list[dict] = (),
    **fields,
) -> SellerProfile:
    """A helper applies to sell for a household of one of its communes, with
    the household's consent; staff review it like any application."""
    if helper.status != HelperStatus.ACTIVE:
        raise PermissionDenied
    if not helper.serves(fields.get("ward")):
        raise ValidationError(
            {"ward": _("You help households of your own communes only.")}
        )
    fields["kind"] = SellerKind.HOUSEHOLD
    profile = seller_services.seller_apply(name=name, documents=documents, **fields)
    consent = HouseholdConsent(
        seller=profile,
        helper=helper,
        given_by=given_by,
        method=method,
        given_at=given_at,
    )
    consent.full_clean()
    consent.save()
    return profile


@transaction.atomic
def helper_grant(*, seller: SellerProfile, helper: CommunityHelper, rights, granted_by):
    """The household's own user lets a helper work for it. Only a user of the
    shop may; a change of rights ends the previous grant and starts a new one."""
    if not seller.partner.users.filter(pk=granted_by.pk).exists():
        raise PermissionDenied
    if helper.status != HelperStatus.ACTIVE or helper.user_id == granted_by.pk:
        raise PermissionDenied
    previous = HelperGrant.objects.select_for_update().filter(
        seller=seller, helper=helper, revoked_at=None
    )
    previous.update(revoked_at=timezone.now(), revoked_by=granted_by)
    grant = HelperGrant(
        seller=seller, helper=helper, rights=sorted(set(rights)), granted_by=granted_by
    )
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def helper_revoke(*, seller: SellerProfile, grant_pk: int, revoked_by) -> HelperGrant:
    """Ends a grant at once; it waits for an action in progress to finish."""
    if not seller.partner.users.filter(pk=revoked_by.pk).exists():
        raise PermissionDenied
    grant = HelperGrant.objects.select_for_update().get(
        pk=grant_pk, seller=seller, revoked_at=None
    )
    grant.revoked_at = timezone.now()
    grant.revoked_by = revoked_by
    grant.save(update_fields=["revoked_at", "revoked_by"])
    return grant


def helper_action_record(*, grant: HelperGrant, right: str, request, summary: str):
    return HelperAction.objects.create(
        grant=grant,
        seller=grant.seller,
        helper=grant.helper,
        right=right,
        method=request.method,
        path=request.get_full_path()[:300],
        summary=summary[:300],
    )
