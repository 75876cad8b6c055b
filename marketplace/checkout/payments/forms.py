import re
import uuid

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from marketplace.checkout.payments.services import LineRefundAsk


class BankStatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement (CSV)"),
        validators=[FileExtensionValidator(["csv", "txt"])],
        help_text=_("Columns: date, amount, description, reference."),
    )

    def clean_statement(self):
        upload = self.cleaned_data["statement"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The statement is larger than 2 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Save the statement as CSV in UTF-8, then upload it again.")
            ) from None


class DongField(forms.IntegerField):
    """Whole đồng as staff type them: "150.000", "150 000 ₫" or "150000"."""

    default_error_messages = {
        "invalid": _("Enter the amount in whole đồng, e.g. 150.000."),
        "min_value": _("The amount cannot be negative."),
        "max_value": _("The amount is larger than any order."),
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=10**12, required=False, **kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "numeric"})

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[.,\s₫đ]|VND", "", value, flags=re.IGNORECASE)
        return super().to_python(value) or 0


class RefundForm(forms.Form):
    """Per line of the order: money to refund, the units it covers and
    whether they came back to stock; then shipping, the reference and the
    reason. The hidden key makes a form sent twice refund once."""

    request_key = forms.UUIDField(widget=forms.HiddenInput)
    shipping = DongField(label=_("Shipping fee to refund (đồng)"))
    reference = forms.CharField(
        label=_("Bank transaction or receipt number"),
        max_length=100,
        required=False,
        help_text=_("Needed for transfer and cash refunds; cards get Stripe's."),
    )
    note = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        if not self.is_bound:
            self.initial["request_key"] = uuid.uuid4()
        for row in rows:
            pk = row["line"].pk
            self.fields[f"amount_{pk}"] = DongField(label=_("Amount (đồng)"))
            self.fields[f"quantity_{pk}"] = forms.IntegerField(
                label=_("Units"), min_value=0, max_value=10**6, required=False
            )
            self.fields[f"restock_{pk}"] = forms.BooleanField(
                label=_("Came back to stock"), required=False
            )

    def line_fields(self):
        """(row, amount, units, restock) bound fields for the template."""
        for row in self.rows:
            pk = row["line"].pk
            yield (
                row,
                self[f"amount_{pk}"],
                self[f"quantity_{pk}"],
                self[f"restock_{pk}"],
            )

    def asks(self) -> list[LineRefundAsk]:
        data = self.cleaned_data
        return [
            LineRefundAsk(
                line_pk=row["line"].pk,
                amount=data.get(f"amount_{row['line'].pk}") or 0,
                quantity=data.get(f"quantity_{row['line'].pk}") or 0,
                restock=bool(data.get(f"restock_{row['line'].pk}")),
            )
            for row in self.rows
        ]

    def add_refusal(self, refusal) -> None:
        """The service's reasons, each under its own field."""
        for line_pk, field, message in refusal.reasons:
            name = f"{field}_{line_pk}" if line_pk else field
            self.add_error(name if name in self.fields else None, message)
