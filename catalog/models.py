"""OCOP fields on Oscar's Product, and product certifications (VietGAP, organic, …)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct, AbstractProductImage
from wagtail.search import index

from catalog.gtin import validate_gtin
from vietnam import places
from vietnam.ocop import OcopGroup, OcopLevel, OcopStars
from vietnam.text import folded, index_text
from vietnam.uploads import validate_image_upload

OCOP_CERTIFICATE_MONTHS = 36


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    days_in_month = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return date(year, month, min(day.day, days_in_month))


class Product(index.Indexed, AbstractProduct):
    gtin = models.CharField(
        _("GTIN (barcode number)"),
        max_length=14,
        blank=True,
        db_index=True,
        validators=[validate_gtin],
        help_text=_(
            "8, 12, 13 or 14 digits; enables GS1 Digital Link QR codes on batches."
        ),
    )
    ocop_stars = models.PositiveSmallIntegerField(
        _("OCOP stars"), choices=OcopStars.choices, null=True, blank=True, db_index=True
    )
    ocop_certificate_number = models.CharField(
        _("OCOP decision number"), max_length=64, blank=True
    )
    ocop_level = models.CharField(
        _("OCOP recognising level"),
        max_length=16,
        choices=OcopLevel.choices,
        blank=True,
    )
    ocop_decision_date = models.DateField(
        _("OCOP recognition date"), null=True, blank=True
    )
    ocop_expiry = models.DateField(
        _("OCOP valid until"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Left empty, it is 36 months after the recognition date."),
    )
    ocop_group = models.CharField(
        _("OCOP product group"), max_length=16, choices=OcopGroup.choices, blank=True
    )
    origin_province = models.PositiveSmallIntegerField(
        _("Origin province"),
        choices=places.province_choices,
        null=True,
        blank=True,
        db_index=True,
    )
    origin_ward = models.PositiveIntegerField(
        _("Origin commune or ward"), null=True, blank=True
    )
    unit = models.CharField(
        _("Unit"), max_length=32, blank=True, help_text=_("e.g. hộp, túi, kg")
    )
    net_weight_grams = models.PositiveIntegerField(
        _("Net weight (g)"), null=True, blank=True
    )
    shelf_life_months = models.PositiveSmallIntegerField(
        _("Shelf life (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
    )
    storage = models.CharField(_("Storage"), max_length=255, blank=True)

    search_fields = [
        index.SearchField("search_text"),
        index.AutocompleteField("autocomplete_text"),
        index.FilterField("parent_id"),
        index.FilterField("is_public"),
        index.FilterField("ocop_stars"),
        index.FilterField("origin_province"),
    ]

    class Meta(AbstractProduct.Meta):
        pass

    @classmethod
    def get_indexed_objects(cls):
        """Browsable products only (pack sizes are found through their parent),
        with what `search_text` reads prefetched so a rebuild costs few queries."""
        return cls.objects.filter(parent=None).prefetch_related(
            "categories",
            "certifications",
            "stockrecords__partner",
            "children__stockrecords__partner",
        )

    def search_text(self) -> str:
        """What a shopper may type, folded: "che xanh cam my" finds "Chè xanh Cẩm Mỹ"."""
        records = [
            *self.stockrecords.all(),
            *(
                record
                for child in self.children.all()
                for record in child.stockrecords.all()
            ),
        ]
        return index_text(
            self.title,
            strip_tags(self.description or ""),
            self.origin_label,
            *(category.name for category in self.categories.all()),
            *{record.partner.name for record in records},
            *(
                f"{certification.scheme} {certification.get_scheme_display()}"
                for certification in self.certifications.all()
            ),
        )

    def autocomplete_text(self) -> str:
        return folded(self.title)

    def clean(self):
        super().clean()
        errors = {}
        if self.ocop_stars and not (
            self.ocop_certificate_number and self.ocop_decision_date
        ):
            errors["ocop_certificate_number"] = _(
                "An OCOP star rating needs its decision number and recognition date."
            )
        if self.ocop_decision_date and not self.ocop_expiry:
            self.ocop_expiry = add_months(
                self.ocop_decision_date, OCOP_CERTIFICATE_MONTHS
            )
        if (
            self.ocop_decision_date
            and self.ocop_expiry
            and self.ocop_expiry <= self.ocop_decision_date
        ):
            errors["ocop_expiry"] = _("The expiry must be after the recognition date.")
        try:
            places.validate_ward_in_province(
                province_code=self.origin_province, ward_code=self.origin_ward
            )
        except ValidationError as error:
            errors["origin_ward"] = error.messages
        if errors:
            raise ValidationError(errors)

    @property
    def ocop_is_valid(self) -> bool:
        """An expired certificate stops showing the badge."""
        return bool(
            self.ocop_stars
            and self.ocop_expiry
            and self.ocop_expiry >= timezone.localdate()
        )

    @property
    def origin_label(self) -> str:
        return places.place_label(
            province_code=self.origin_province, ward_code=self.origin_ward
        )


class ProductImage(AbstractProductImage):
    original = models.ImageField(
        _("Original"),
        upload_to="images/products/%Y/%m/",
        max_length=255,
        validators=[validate_image_upload],
    )

    class Meta(AbstractProductImage.Meta):
        pass


class CertificationScheme(models.TextChoices):
    VIETGAP = "vietgap", "VietGAP"
    GLOBALGAP = "globalgap", "GlobalG.A.P."
    ORGANIC_VN = "organic_vn", _("Organic (TCVN 11041)")
    ORGANIC_EU = "organic_eu", _("Organic (EU)")
    ORGANIC_USDA = "organic_usda", _("Organic (USDA)")
    HACCP = "haccp", "HACCP"
    ISO22000 = "iso22000", "ISO 22000"


class Certification(models.Model):
    """A certificate a product holds; only certificates in force count for filters."""

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="certifications"
    )
    scheme = models.CharField(
        _("Scheme"), max_length=16, choices=CertificationScheme.choices
    )
    number = models.CharField(_("Certificate number"), max_length=64)
    issued_by = models.CharField(_("Issued by"), max_length=128, blank=True)
    valid_from = models.DateField(_("Valid from"))
    valid_until = models.DateField(_("Valid until"))

    class Meta:
        app_label = "catalogue"
        ordering = ["scheme", "-valid_until"]
        verbose_name = _("Certification")
        verbose_name_plural = _("Certifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")),
                name="certification_valid_range",
            )
        ]

    def __str__(self):
        return f"{self.get_scheme_display()} {self.number}"

    @property
    def is_valid(self) -> bool:
        return self.valid_from <= timezone.localdate() <= self.valid_until


from oscar.apps.catalogue.models import *  # noqa: E402
