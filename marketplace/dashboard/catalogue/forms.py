"""The dashboard product form with OCOP, origin and packaging fields; uploads checked."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from oscar.apps.dashboard.catalogue import forms as base_forms
from oscar.apps.dashboard.catalogue.forms import *  # noqa: F401

from vietnam import places
from vietnam.images import strip_metadata

OCOP_FIELDS = [
    "ocop_stars",
    "ocop_certificate_number",
    "ocop_level",
    "ocop_decision_date",
    "ocop_expiry",
    "ocop_group",
    "origin_province",
    "origin_ward",
    "shelf_life_months",
    "storage",
]
PACK_FIELDS = ["gtin", "unit", "net_weight_grams"]


class ProductForm(base_forms.ProductForm):
    class Meta(base_forms.ProductForm.Meta):
        fields = base_forms.ProductForm.Meta.fields + OCOP_FIELDS + PACK_FIELDS
        widgets = {
            **base_forms.ProductForm.Meta.widgets,
            "ocop_decision_date": forms.DateInput(attrs={"type": "date"}),
            "ocop_expiry": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "origin_ward" in self.fields:
            self.fields["origin_ward"] = forms.TypedChoiceField(
                label=self.fields["origin_ward"].label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=lambda: [("", "---------")] + places.ward_choices(),
            )

    def delete_non_child_fields(self):
        """Pack sizes (children) keep their unit and weight; OCOP data is the parent's."""
        super().delete_non_child_fields()
        for name in OCOP_FIELDS:
            self.fields.pop(name, None)


class ProductImageForm(base_forms.ProductImageForm):
    def clean_original(self):
        """New uploads are checked (in strip_metadata) before the re-encode
        that drops EXIF."""
        original = self.cleaned_data.get("original")
        if isinstance(original, UploadedFile):
            return strip_metadata(original)
        return original
