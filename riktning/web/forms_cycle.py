"""Forms of the annual cycle: a year's cycle from the template, a meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from riktning.accounts.models import Organisation
from riktning.strategy.models import SteeringDocument

from .forms import EditForm


class CreateCycleForm(EditForm):
    document = forms.ModelChoiceField(
        label=_("Steering document"), queryset=SteeringDocument.objects.all()
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class MeetingForm(EditForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Organisation.objects.all())
    date = forms.DateField(label=_("Date"), help_text=_("For example 2026-05-04."))
