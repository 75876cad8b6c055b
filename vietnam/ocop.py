"""The OCOP programme's own terms ("One Commune One Product"): star ratings,
who recognised a product, and the national product groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OcopStars(models.IntegerChoices):
    THREE = 3, "★★★"
    FOUR = 4, "★★★★"
    FIVE = 5, "★★★★★"


class OcopLevel(models.TextChoices):
    PROVINCE = "province", _("Recognised by the province")
    NATIONAL = "national", _("Recognised nationally")


class OcopGroup(models.TextChoices):
    """The six product groups of Decision 148/QĐ-TTg (2023)."""

    FOOD = "food", _("Food")
    BEVERAGE = "beverage", _("Beverages")
    HERBAL = "herbal", _("Medicinal herbs and herbal products")
    HANDICRAFT = "handicraft", _("Handicrafts")
    ORNAMENTAL = "ornamental", _("Ornamental plants and animals")
    TOURISM = "tourism", _("Community and eco-tourism services")
