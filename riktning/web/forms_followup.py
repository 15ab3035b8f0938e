"""Forms of the yearly follow-up: starting one, and an area's analysis (with the revision it was
read at, so a second editor's save becomes a conflict instead of an overwrite)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import EditForm


class StartFollowUpForm(EditForm):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year the follow-up reports on."),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AnalysisForm(EditForm):
    text = forms.CharField(
        label=_("Analysis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paragraphs, bold, italics, lists and links are kept; other formatting (for example "
            "from Word) is removed when you save."
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
