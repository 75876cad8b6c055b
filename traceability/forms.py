from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from traceability.models import (
    Batch,
    BatchHousehold,
    EventKind,
    Farm,
    Household,
    Plot,
    TraceEvent,
)
from vietnam.forms import WardChoicesMixin, WardField

Product = get_model("catalogue", "Product")


class FarmForm(WardChoicesMixin, forms.ModelForm):
    ward = WardField(label=_("Commune or ward"))

    class Meta:
        model = Farm
        fields = [
            "name",
            "province",
            "ward",
            "location",
            "area_hectares",
            "crops",
            "certifications",
            "gln",
        ]


class BatchForm(forms.ModelForm):
    """Products and farms offered are the acting seller's only."""

    lot_code = forms.CharField(
        label=_("Lot code"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to number it automatically, e.g. CM-2026-031."),
    )

    class Meta:
        model = Batch
        fields = [
            "product",
            "farm",
            "lot_code",
            "produced_on",
            "packed_on",
            "expires_on",
            "quantity",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"})
            for name in ("produced_on", "packed_on", "expires_on")
        }

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(
            stockrecords__partner=partner
        ).distinct()
        self.fields["farm"].queryset = Farm.objects.filter(partner=partner)


class TraceEventForm(forms.ModelForm):
    """A record added from a phone: kind, date, note, photo; input details if any."""

    occurred_at = forms.DateTimeField(
        label=_("When"),
        initial=timezone.localtime,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=EventKind.choices, widget=forms.RadioSelect
    )
    confirm_preharvest = forms.BooleanField(
        required=False,
        label=_("I know: harvest anyway, inside the pre-harvest interval"),
    )
    # Filled by the page's script (offline-records.js): one id per record.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = TraceEvent
        fields = [
            "kind",
            "occurred_at",
            "place",
            "note",
            "photo",
            "input_name",
            "input_dose",
            "preharvest_interval_days",
        ]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "photo": forms.ClearableFileInput(
                attrs={"accept": "image/*", "capture": "environment"}
            ),
        }


class RecallForm(forms.Form):
    reason = forms.CharField(
        label=_("Recall reason"), widget=forms.Textarea(attrs={"rows": 3})
    )


class HouseholdForm(WardChoicesMixin, forms.ModelForm):
    ward = WardField(label=_("Commune or ward"))

    class Meta:
        model = Household
        fields = ["head_name", "village", "province", "ward", "phone", "public_consent"]


class PlotForm(forms.ModelForm):
    """A plot of one of the seller's farms, farmed by one of its households."""

    class Meta:
        model = Plot
        fields = ["farm", "name", "area_hectares", "household"]

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["farm"].queryset = Farm.objects.filter(partner=partner)
        self.fields["household"].queryset = Household.objects.filter(partner=partner)


class HouseholdShareForm(forms.ModelForm):
    class Meta:
        model = BatchHousehold
        fields = ["household", "quantity_kg"]

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = Household.objects.filter(partner=partner)

    def validate_unique(self):
        """A second entry for a household replaces the first (the service)."""
