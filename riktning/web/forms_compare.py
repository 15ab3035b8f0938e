"""The form that creates the next version from a consultation round."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import EditForm


class NextVersionForm(EditForm):
    title = forms.CharField(label=_("Title of the new version"), max_length=200)
    include_partly = forms.BooleanField(
        label=_("Also apply the text proposals partly taken in"),
        required=False,
        help_text=_(
            "Proposals taken in are always applied. A proposal partly taken in is often meant "
            "to be changed first: leave this unticked to apply those by hand."
        ),
    )
