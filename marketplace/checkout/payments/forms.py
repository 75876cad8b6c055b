from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _


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
