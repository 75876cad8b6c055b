"""Farms, batches (lots) and their records. Records are append-only: each one
stores the hash of the previous record of its batch, so an edit made behind
the application's back breaks the chain and shows."""

import hashlib
import json
import re
import secrets
from datetime import UTC
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sellers.models import private_storage
from traceability.gs1 import validate_gln
from vietnam import places
from vietnam.uploads import validate_image_upload
from vietnam.validators import validate_mobile

# What a public token can look like (URL-safe base64, within the column):
# anything else, a NUL byte included, is no batch and never reaches a query.
PUBLIC_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,24}")


def new_public_token() -> str:
    """96 random bits, URL-safe: unguessable, yet short enough for a small QR code."""
    return secrets.token_urlsafe(12)


class Farm(models.Model):
    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, related_name="farms"
    )
    name = models.CharField(_("Name"), max_length=160)
    province = models.PositiveSmallIntegerField(
        _("Province"), choices=places.province_choices
    )
    ward = models.PositiveIntegerField(_("Commune or ward"))
    location = models.CharField(_("Location"), max_length=200, blank=True)
    area_hectares = models.DecimalField(
        _("Area (ha)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    crops = models.CharField(_("Crops"), max_length=200, blank=True)
    certifications = models.CharField(_("Certifications"), max_length=200, blank=True)
    gln = models.CharField(
        _("GLN (GS1 location number)"),
        max_length=13,
        blank=True,
        validators=[validate_gln],
        help_text=_("If the farm has one: it then names the farm in EPCIS exports."),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Farm")
        verbose_name_plural = _("Farms")

    def __str__(self):
        return self.name

    def clean(self):
        places.clean_ward_field(self)

    @property
    def place_label(self) -> str:
        place = places.place_label(province_code=self.province, ward_code=self.ward)
        return ", ".join(part for part in (self.location, place) if part)


class Household(models.Model):
    """A member household of a cooperative (HTX): it farms plots, and the HTX
    credits it with its share of each batch. Named on trace pages only with
    its consent."""

    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, related_name="households"
    )
    head_name = models.CharField(_("Head of household"), max_length=120)
    village = models.CharField(_("Village (thôn, xóm)"), max_length=120)
    province = models.PositiveSmallIntegerField(
        _("Province"), choices=places.province_choices
    )
    ward = models.PositiveIntegerField(_("Commune or ward"))
    phone = models.CharField(
        _("Mobile phone"), max_length=10, blank=True, validators=[validate_mobile]
    )
    public_consent = models.BooleanField(
        _("Agrees to be named on trace pages"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["head_name", "pk"]
        verbose_name = _("Member household")
        verbose_name_plural = _("Member households")

    def __str__(self):
        return f"{self.head_name} ({self.village})"

    def clean(self):
        places.clean_ward_field(self)

    @property
    def place_label(self) -> str:
        place = places.place_label(province_code=self.province, ward_code=self.ward)
        return ", ".join(part for part in (self.village, place) if part)


class Plot(models.Model):
    farm = models.ForeignKey(Farm, on_delete=models.CASCADE, related_name="plots")
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plots",
        verbose_name=_("Household"),
    )
    name = models.CharField(_("Name"), max_length=80)
    area_hectares = models.DecimalField(
        _("Area (ha)"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Plot")

    def __str__(self):
        return f"{self.farm} / {self.name}"

    def clean(self):
        if (
            self.household_id
            and self.farm_id
            and self.household.partner_id != self.farm.partner_id
        ):
            raise ValidationError(
                {"household": _("This household belongs to another seller.")}
            )


class BatchStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RECALLED = "recalled", _("Recalled")


class Batch(models.Model):
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.PROTECT, related_name="batches"
    )
    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, related_name="batches"
    )
    farm = models.ForeignKey(
        Farm, on_delete=models.PROTECT, null=True, blank=True, related_name="batches"
    )
    plot = models.ForeignKey(
        Plot, on_delete=models.PROTECT, null=True, blank=True, related_name="batches"
    )
    lot_code = models.CharField(_("Lot code"), max_length=20)
    produced_on = models.DateField(_("Harvest or production date"))
    packed_on = models.DateField(_("Packing date"), null=True, blank=True)
    expires_on = models.DateField(_("Expiry date"), null=True, blank=True)
    quantity = models.PositiveIntegerField(
        _("Quantity (packages)"), validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=BatchStatus.choices,
        default=BatchStatus.ACTIVE,
    )
    recall_reason = models.TextField(_("Recall reason"), blank=True)
    recalled_at = models.DateTimeField(_("Recalled at"), null=True, blank=True)
    public_token = models.CharField(
        max_length=24, unique=True, default=new_public_token, editable=False
    )
    # The GTIN-14 printed in the batch's GS1 Digital Link, frozen at creation so
    # a label keeps resolving whatever later happens to the product's record;
    # empty when the product has no GTIN or the lot is not a valid GS1 lot.
    gtin = models.CharField(max_length=14, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Bumped by every service that changes what the trace page shows: its cache key.
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-produced_on", "-pk"]
        verbose_name = _("Batch")
        verbose_name_plural = _("Batches")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "lot_code"], name="batch_lot_unique_per_seller"
            ),
            # A GS1 Digital Link names exactly one batch, even when several
            # sellers sell the same GTIN.
            models.UniqueConstraint(
                fields=["gtin", "lot_code"],
                condition=~models.Q(gtin=""),
                name="batch_gtin_lot_unique",
                violation_error_message=_(
                    "Another batch of this product's GTIN already has this lot code."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.product} — {self.lot_code}"

    def get_absolute_url(self):
        return reverse("traceability:trace", kwargs={"token": self.public_token})

    def clean(self):
        errors = {}
        if self.packed_on and self.produced_on and self.packed_on < self.produced_on:
            errors["packed_on"] = _(
                "Packing cannot come before the harvest or production."
            )
        if self.expires_on and self.produced_on and self.expires_on <= self.produced_on:
            errors["expires_on"] = _(
                "The expiry must come after the harvest or production."
            )
        if self.plot_id and self.farm_id and self.plot.farm_id != self.farm_id:
            errors["plot"] = _("This plot belongs to another farm.")
        if self.farm_id and self.partner_id and self.farm.partner_id != self.partner_id:
            errors["farm"] = _("This farm belongs to another seller.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_recalled(self) -> bool:
        return self.status == BatchStatus.RECALLED

    @property
    def is_expired(self) -> bool:
        return bool(self.expires_on and self.expires_on < timezone.localdate())


class EventKind(models.TextChoices):
    PLANTING = "planting", _("Planting")
    INPUT = "input", _("Fertiliser or pesticide application")
    HARVEST = "harvest", _("Harvest")
    PROCESSING = "processing", _("Processing")
    PACKING = "packing", _("Packing")
    INSPECTION = "inspection", _("Inspection or certification")
    SHIPMENT = "shipment", _("Shipment")


class AppendOnlyError(Exception):
    """Records are never edited or deleted; a correction is a new record."""


class TraceEvent(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("Kind"), max_length=12, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("When"))
    place = models.CharField(_("Where"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("Who"), max_length=120, blank=True)
    note = models.TextField(_("Note"), blank=True)
    photo = models.ImageField(
        _("Photo"),
        upload_to="trace/%Y/%m/",
        blank=True,
        validators=[validate_image_upload],
    )
    input_name = models.CharField(_("Product applied"), max_length=120, blank=True)
    input_dose = models.CharField(_("Dose"), max_length=80, blank=True)
    preharvest_interval_days = models.PositiveSmallIntegerField(
        _("Pre-harvest interval (days)"), null=True, blank=True
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("Corrects"),
    )
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, editable=False)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    # Made by the phone when the record is written (perhaps offline), so a
    # record sent twice is stored once. Not hashed: it says how the record
    # travelled, not what happened.
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("Farm record")
        verbose_name_plural = _("Farm records")

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_at:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Trace events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Trace events are append-only.")

    @property
    def recorded_after_recall(self) -> bool:
        """Kept, never refused: a record written offline may arrive after the
        batch was recalled; the seller and staff see it flagged."""
        recalled_at = self.batch.recalled_at
        return bool(recalled_at and self.recorded_at > recalled_at)

    def canonical(self) -> bytes:
        """The recorded facts, in a fixed order: what the hash covers."""
        facts = {
            "batch": self.batch.public_token,
            "kind": self.kind,
            # The instant, not its offset: reloaded values come back in UTC.
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(),
            "place": self.place,
            "actor": self.actor_name,
            "note": self.note,
            # The picture's bytes, not its name (storage renames files on save).
            "photo": self.photo_digest(),
            "input": [self.input_name, self.input_dose, self.preharvest_interval_days],
            "corrects": self.corrects.hash if self.corrects_id else "",
            "previous": self.previous_hash,
        }
        return json.dumps(facts, sort_keys=True, ensure_ascii=False).encode()

    def photo_digest(self) -> str:
        if not self.photo:
            return ""
        self.photo.open("rb")
        try:
            self.photo.seek(0)
            return hashlib.sha256(self.photo.read()).hexdigest()
        finally:
            self.photo.seek(0)

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


class LineBatch(models.Model):
    """Which batch an order line was fulfilled from (set when the line ships)."""

    line = models.OneToOneField(
        "order.Line", on_delete=models.CASCADE, related_name="batch_link"
    )
    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="line_links"
    )
    quantity = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("Batch of an order line")

    def __str__(self):
        return f"{self.line} ← {self.batch.lot_code}"


class BatchHousehold(models.Model):
    """How much of a batch's harvest came from a member household: the basis
    of its share of the batch's sales."""

    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, related_name="household_shares"
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="batch_shares"
    )
    quantity_kg = models.DecimalField(
        _("Harvest (kg)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        ordering = ["household__head_name", "pk"]
        verbose_name = _("Household's share of a batch")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "household"], name="batch_household_once"
            )
        ]

    def __str__(self):
        return f"{self.batch.lot_code} ← {self.household} {self.quantity_kg} kg"

    def clean(self):
        if (
            self.batch_id
            and self.household_id
            and self.batch.partner_id != self.household.partner_id
        ):
            raise ValidationError(
                {"household": _("This household belongs to another seller.")}
            )


class DeviceClass(models.TextChoices):
    PHONE = "phone", _("Phone")
    TABLET = "tablet", _("Tablet")
    DESKTOP = "desktop", _("Computer")
    BOT = "bot", _("Robot")


class Scan(models.Model):
    """One view of a trace page. Deliberately coarse: no IP, no user agent, a
    province only when the visitor chooses to say where they bought it."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="scans")
    scanned_at = models.DateTimeField(default=timezone.now, db_index=True)
    device_class = models.CharField(max_length=8, choices=DeviceClass.choices)
    province = models.PositiveSmallIntegerField(
        _("Province"), choices=places.province_choices, null=True, blank=True
    )
    # Given when the view happens, before the scan waits in the buffer: a flush
    # retried after a crash writes each scan once (scans older than buffering
    # have none). Random, so it says nothing about the visitor.
    key = models.UUIDField(null=True, unique=True, editable=False)

    class Meta:
        ordering = ["-scanned_at"]
        verbose_name = _("Scan")

    def __str__(self):
        return f"{self.batch.lot_code} {self.scanned_at:%d/%m/%Y %H:%M}"


class ExpiringKind(models.TextChoices):
    OCOP_CERTIFICATE = "ocop", _("OCOP certificate")
    CERTIFICATION = "certification", _("Product certification")
    SELLER_DOCUMENT = "document", _("Seller document")


class ExpiryAlert(models.Model):
    """One warning that a seller's certificate or document expires soon. The
    unique constraint is what makes each warning go out once, however often
    the daily job runs; a renewal (a new expiry date) starts a new series."""

    THRESHOLDS = (60, 30, 7, 0)  # days before the expiry; 0 is the day itself

    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.CASCADE, related_name="expiry_alerts"
    )
    kind = models.CharField(max_length=16, choices=ExpiringKind.choices)
    object_id = models.PositiveIntegerField()
    label = models.CharField(max_length=255)
    expires_on = models.DateField()
    threshold_days = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["expires_on", "pk"]
        verbose_name = _("Expiry alert")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "kind", "object_id", "expires_on", "threshold_days"],
                name="expiry_alert_once_per_threshold",
            )
        ]

    def __str__(self):
        return f"{self.label} — {self.expires_on:%d/%m/%Y}"

    @property
    def days_left(self) -> int:
        return (self.expires_on - timezone.localdate()).days


class LabelSheetStatus(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


def label_sheet_path(sheet, filename: str) -> str:
    return f"labels/{secrets.token_hex(16)}.pdf"


class LabelSheet(models.Model):
    """A large label sheet, made by the worker instead of inside the request
    (a thousand QR codes take seconds); kept in private storage for a few
    days, downloaded by the batch's own seller only."""

    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, related_name="label_sheets"
    )
    width_mm = models.FloatField()
    height_mm = models.FloatField()
    copies = models.PositiveIntegerField()
    status = models.CharField(
        max_length=8, choices=LabelSheetStatus.choices, default=LabelSheetStatus.QUEUED
    )
    file = models.FileField(
        storage=private_storage, upload_to=label_sheet_path, blank=True
    )
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Label sheet")

    def __str__(self):
        return f"{self.batch.lot_code} × {self.copies}"
