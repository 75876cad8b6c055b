"""Helpers, the communes they serve, households' consent, the rights a
household grants and the log of what a helper did."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vietnam import places
from workspace.delegation import DelegatedRight


class HelperStatus(models.TextChoices):
    ACTIVE = "active", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# What a household may let a helper do: the parts of a workspace the shell
# lets anyone outside the shop open.
HelperRight = DelegatedRight


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("Signed paper form")
    IN_PERSON = "in_person", _("In person, before a witness")
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Zalo or text message")


class CommunityHelper(models.Model):
    """A person of a commune's community digital team, approved by staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_helper",
    )
    team = models.CharField(_("Community digital team"), max_length=200)
    phone = models.CharField(_("Mobile phone"), max_length=10, blank=True)
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=HelperStatus.choices,
        default=HelperStatus.ACTIVE,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("Approved at"), default=timezone.now)

    class Meta:
        verbose_name = _("Community helper")
        verbose_name_plural = _("Community helpers")

    def __str__(self):
        return self.user.get_full_name() or self.user.email

    def serves(self, ward: int) -> bool:
        return any(commune.ward == ward for commune in self.communes.all())


class HelperCommune(models.Model):
    helper = models.ForeignKey(
        CommunityHelper, on_delete=models.CASCADE, related_name="communes"
    )
    ward = models.PositiveIntegerField(_("Commune or ward"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["helper", "ward"], name="helper_commune_once"
            )
        ]

    def __str__(self):
        return places.ward_name(self.ward)

    def clean(self):
        if self.ward not in places.wards_by_code():
            raise ValidationError({"ward": _("This commune or ward does not exist.")})


class HouseholdConsent(models.Model):
    """The household's agreement that a helper applies for it: who agreed,
    when, and how. Kept with the application for staff and the household."""

    seller = models.OneToOneField(
        "partner.SellerProfile", on_delete=models.CASCADE, related_name="helper_consent"
    )
    helper = models.ForeignKey(
        CommunityHelper, on_delete=models.PROTECT, related_name="consents"
    )
    given_by = models.CharField(_("Agreed by (household member)"), max_length=120)
    method = models.CharField(_("How"), max_length=16, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(_("When"))
    recorded_at = models.DateTimeField(_("Recorded at"), default=timezone.now)

    def __str__(self):
        return f"{self.seller} — {self.given_by}"

    def clean(self):
        if self.given_at and self.given_at > timezone.now():
            raise ValidationError(
                {"given_at": _("Consent cannot be given in the future.")}
            )


class HelperGrant(models.Model):
    """Rights a household's own user gave a helper; revoking ends it, a change
    of rights is a new grant, so the history stays readable."""

    seller = models.ForeignKey(
        "partner.SellerProfile", on_delete=models.CASCADE, related_name="helper_grants"
    )
    helper = models.ForeignKey(
        CommunityHelper, on_delete=models.CASCADE, related_name="grants"
    )
    rights = models.JSONField(_("Rights"), default=list)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("Granted at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("Revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "helper"],
                condition=Q(revoked_at__isnull=True),
                name="helper_grant_one_active",
            )
        ]

    def __str__(self):
        return f"{self.helper} → {self.seller}"

    def clean(self):
        unknown = set(self.rights) - set(HelperRight.values)
        if unknown or not self.rights:
            raise ValidationError({"rights": _("Choose at least one right.")})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, right: str) -> bool:
        return self.is_active and right in self.rights

    def rights_labels(self) -> list[str]:
        return [HelperRight(right).label for right in self.rights]


class HelperAction(models.Model):
    """One change a helper made in a household's workspace (append-only)."""

    grant = models.ForeignKey(
        HelperGrant, on_delete=models.PROTECT, related_name="actions"
    )
    seller = models.ForeignKey(
        "partner.SellerProfile", on_delete=models.CASCADE, related_name="helper_actions"
    )
    helper = models.ForeignKey(
        CommunityHelper, on_delete=models.PROTECT, related_name="actions"
    )
    right = models.CharField(max_length=16, choices=HelperRight.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    summary = models.CharField(_("What was done"), max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.summary
