"""Forms of the document import: the file or pasted text to read, and the title it is saved
under. What a file must be is checked by `riktning.strategy.importing.files`; these forms only
say which input was given."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from riktning.strategy.importing.files import max_bytes
from riktning.strategy.models import SteeringDocument

from .forms import EditForm


class ImportUploadForm(EditForm):
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".docx,.pdf,.txt"}),
        error_messages={"invalid": _("Choose the file to import.")},
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        strip=False,
    )
    document = forms.ModelChoiceField(
        label=_("Steering document"),
        queryset=SteeringDocument.objects.order_by("title"),
        required=False,
        empty_label=_("A new steering document"),
        help_text=_(
            "Choose the document this file is a new version of; its earlier versions then help "
            "to read it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A Word file (.docx), a PDF with text (not a scan) or a text file (.txt), at most "
            "%(size)s."
        ) % {"size": filesizeformat(max_bytes())}

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file"))
        has_text = bool((cleaned.get("text") or "").strip())
        if has_file == has_text:
            raise ValidationError(
                _("Choose a file or paste the text, one of them."), code="one_input"
            )
        return cleaned


class ImportConfirmForm(EditForm):
    title = forms.CharField(
        label=_("Title of the new version"),
        max_length=200,
        error_messages={"required": _("Give the new version a title.")},
    )
