"""Oscar's dashboard tables with the checkbox columns not sortable: Oscar makes
their headers links to ?sort=checkbox, which ordered by a field that does not
exist (FieldError, a 500)."""

from django_tables2 import TemplateColumn
from oscar.apps.dashboard.catalogue import tables


class ProductTable(tables.ProductTable):
    checkbox = TemplateColumn(
        verbose_name="",
        template_name="oscar/dashboard/catalogue/product_row_checkbox.html",
        orderable=False,
    )


class CategoryTable(tables.CategoryTable):
    checkbox = TemplateColumn(
        verbose_name="",
        template_name="oscar/dashboard/catalogue/category_row_checkbox.html",
        orderable=False,
    )
