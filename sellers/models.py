"""A seller is an Oscar Partner plus a profile: who they are, where, and whether
the marketplace lets them sell."""

from decimal import Decimal
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from vietnam import places
from vietnam.text import folded, index_text
from vietnam.uploads import validate_document_upload, validate_image_upload
from vietnam.validators import (
    STORED_MOBILE,
    STORED_TAX_CODE,
    validate_mobile,
    validate_tax_code,
)


class SellerKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative (HTX)")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOUSEHOLD = "household", _("Household business")


class SellerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class SellerProfile(index.Indexed, models.Model):
    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.CASCADE, related_name="profile"
    )
    slug = models.SlugField(_("Storefront address"), max_length=80, unique=True)
    kind = models.CharField(_("Kind"), max_length=16, choices=SellerKind.choices)
    legal_name = models.CharField(_("Legal name"), max_length=200)
    tax_code = models.CharField(
        _("Tax code"), max_length=14, unique=True, validators=[validate_tax_code]
    )
    representative = models.CharField(_("Representative"), max_length=120)
    phone = models.CharField(
        _("Mobile phone"), max_length=10, validators=[validate_mobile]
    )
    email = models.EmailField(_("Email"))
    street = models.CharField(_("Street, hamlet"), max_length=200, blank=True)
    province = models.PositiveSmallIntegerField(
        _("Province"), choices=places.province_choices
    )
    ward = models.PositiveIntegerField(_("Commune or ward"))
    story = models.TextField(_("Story"), blank=True)
    logo = models.ImageField(
        _("Logo"),
        upload_to="sellers/logos/",
        blank=True,
        validators=[validate_image_upload],
    )
    banner = models.ImageField(
        _("Banner"),
        upload_to="sellers/banners/",
        blank=True,
        validators=[validate_image_upload],
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=SellerStatus.choices,
        default=SellerStatus.APPLIED,
        db_index=True,
    )
    status_reason = models.TextField(_("Reason given to the seller"), blank=True)
    commission_rate = models.DecimalField(
        _("Commission rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Left empty, the marketplace's default rate applies."),
    )
    applied_at = models.DateTimeField(_("Applied at"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("Reviewed at"), null=True, blank=True)

    search_fields = [
        index.SearchField("search_text"),
        index.AutocompleteField("autocomplete_text"),
        index.FilterField("status"),
    ]

    class Meta:
        app_label = "partner"
        ordering = ["partner__name"]
        # Only the normalised spelling is stored, so the unique tax code is
        # unique by value ("２６…" cannot sit beside "26…").
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tax_code__regex=STORED_TAX_CODE),
                name="seller_tax_code_normalised",
                violation_error_message=_(
                    "A tax code has 10 digits, or 13 with a branch suffix (0100109106-001)."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(phone__regex=STORED_MOBILE),
                name="seller_phone_normalised",
                violation_error_message=_(
                    "Enter a Vietnamese mobile number, e.g. 0912 345 678."
                ),
            ),
        ]
        verbose_name = _("Seller profile")
        verbose_name_plural = _("Seller profiles")

    def __str__(self):
        return self.partner.name

    def get_absolute_url(self):
        return reverse("sellers:storefront", kwargs={"slug": self.slug})

    def clean(self):
        places.clean_ward_field(self)

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.select_related("partner")

    def search_text(self) -> str:
        return index_text(
            self.partner.name, self.legal_name, self.address_label, self.story
        )

    def autocomplete_text(self) -> str:
        return folded(self.partner.name)

    @property
    def is_active(self) -> bool:
        return self.status == SellerStatus.ACTIVE

    @property
    def address_label(self) -> str:
        place = places.place_label(province_code=self.province, ward_code=self.ward)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def effective_commission_rate(self) -> Decimal:
        if self.commission_rate is not None:
            return self.commission_rate
        return Decimal(str(settings.MARKETPLACE_COMMISSION_RATE))


class DocumentKind(models.TextChoices):
    BUSINESS_REGISTRATION = "business_registration", _("Business registration")
    OCOP_CERTIFICATE = "ocop_certificate", _("OCOP certificate")
    VIETGAP_CERTIFICATE = "vietgap_certificate", _("VietGAP certificate")
    OTHER = "other", _("Other certificate")


def private_storage():
    """Seller documents live in the "private" storage (no public URL); read
    through this callable so migrations name the alias, not a location."""
    return storages["private"]


def document_path(instance, filename: str) -> str:
    """A random name: the uploaded one may carry a person's name or ID number,
    and a guessable one invites probing."""
    extension = Path(filename).suffix.lower()
    return f"sellers/documents/{uuid4().hex}{extension}"


# By content, not by name: the download answers with the proven type.
DOCUMENT_VALIDATORS = [validate_document_upload]


class SellerDocument(models.Model):
    """A scan of a registration or certificate; staff read it before approving."""

    profile = models.ForeignKey(
        SellerProfile, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("Document"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(
        _("File"),
        upload_to=document_path,
        storage=private_storage,
        validators=DOCUMENT_VALIDATORS,
    )
    number = models.CharField(_("Number"), max_length=64, blank=True)
    expires_on = models.DateField(_("Valid until"), null=True, blank=True)

    class Meta:
        app_label = "partner"
        ordering = ["kind", "pk"]
        verbose_name = _("Seller document")
        verbose_name_plural = _("Seller documents")

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()

    @property
    def is_valid(self) -> bool:
        return self.expires_on is None or self.expires_on >= timezone.localdate()


class ShippingRule(models.Model):
    """How a seller prices delivery of its parcel: a flat fee by destination
    (inside its own province or beyond), surcharges for heavy parcels, and
    free shipping from an order value."""

    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.CASCADE, related_name="shipping_rule"
    )
    same_province_fee = models.PositiveIntegerField(
        _("Fee inside the seller's province (đồng)")
    )
    other_province_fee = models.PositiveIntegerField(_("Fee to other provinces (đồng)"))
    free_from = models.PositiveIntegerField(
        _("Free shipping from (đồng)"),
        null=True,
        blank=True,
        help_text=_("Order value of this shop's items; leave empty for never."),
    )

    class Meta:
        app_label = "partner"
        verbose_name = _("Shipping rule")
        verbose_name_plural = _("Shipping rules")

    def __str__(self):
        return str(self.partner)

    def fee(self, *, same_province: bool, weight_grams: int, subtotal: int) -> int:
        """The fee in đồng for one parcel of this seller."""
        if self.free_from is not None and subtotal >= self.free_from:
            return 0
        base = self.same_province_fee if same_province else self.other_province_fee
        surcharge = 0
        for band in self.weight_bands.all():  # ordered by weight
            if weight_grams > band.over_grams:
                surcharge = band.surcharge
        return base + surcharge


class WeightBand(models.Model):
    """ "Over 2,000 g: +15,000 đ" — the heaviest band a parcel passes applies."""

    rule = models.ForeignKey(
        ShippingRule, on_delete=models.CASCADE, related_name="weight_bands"
    )
    over_grams = models.PositiveIntegerField(_("Parcels over (g)"))
    surcharge = models.PositiveIntegerField(_("Add (đồng)"))

    class Meta:
        app_label = "partner"
        ordering = ["over_grams"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "over_grams"], name="weight_band_unique_weight"
            )
        ]
        verbose_name = _("Weight band")
        verbose_name_plural = _("Weight bands")

    def __str__(self):
        return f"> {self.over_grams} g: +{self.surcharge}"


class ParcelStatus(models.TextChoices):
    AWAITING = "awaiting", _("Cash to collect")
    COLLECTED = "collected", _("Cash collected")
    SETTLED = "settled", _("Settled with the seller")


class Parcel(models.Model):
    """One seller's share of a cash-on-delivery order. Each seller ships its
    own parcel, so each courier collects that parcel's cash on its own: the
    parcel is collected, then settled with the seller, independently of the
    order's other parcels."""

    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="parcels"
    )
    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, related_name="parcels"
    )
    cod_amount = models.PositiveBigIntegerField(
        _("Cash to collect (đồng)"),
        help_text=_("The seller's lines and its shipping fee."),
    )
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=ParcelStatus.choices,
        default=ParcelStatus.AWAITING,
        db_index=True,
    )
    collected_at = models.DateTimeField(_("Collected at"), null=True, blank=True)
    settled_at = models.DateTimeField(_("Settled at"), null=True, blank=True)

    class Meta:
        app_label = "partner"
        ordering = ["order", "partner"]
        verbose_name = _("Parcel")
        verbose_name_plural = _("Parcels")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "partner"], name="parcel_one_per_seller"
            )
        ]

    def __str__(self):
        return f"{self.order.number} / {self.partner.name}"


from oscar.apps.partner.models import *  # noqa: E402
