from django.contrib import admin
from oscar.apps.catalogue.admin import *  # noqa: F401
from oscar.apps.catalogue.admin import ProductAdmin

from catalog.models import Certification, Product


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


admin.site.unregister(Product)


@admin.register(Product)
class OcopProductAdmin(ProductAdmin):
    list_display = [*ProductAdmin.list_display, "ocop_stars", "origin_province"]
    list_filter = [*ProductAdmin.list_filter, "ocop_stars", "ocop_group"]
    inlines = [*ProductAdmin.inlines, CertificationInline]
