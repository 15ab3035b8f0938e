"""Forms of the annual cycle: a year's cycle from the template, a meeting."""

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from riktning.accounts.models import Organisation
from riktning.cycle.models import StepTemplate
from riktning.cycle.services import MAX_DAYS_BEFORE, TEMPLATE_FIELDS
from riktning.strategy.models import SteeringDocument

from .forms import EditForm, EditModelForm


class CreateCycleForm(EditForm):
    document = forms.ModelChoiceField(
        label=_("Steering document"), queryset=SteeringDocument.objects.all()
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class MeetingForm(EditForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Organisation.objects.all())
    date = forms.DateField(label=_("Date"), help_text=_("For example 2026-05-04."))


class StepTemplateForm(EditModelForm):
    """One step of a document's template: what it is, who is responsible, and its date rule
    ("so many days before the first meeting of a body in a month")."""

    meeting_month = forms.TypedChoiceField(
        label=_("Month of the meeting"),
        coerce=int,
        choices=[("", "—"), *MONTHS.items()],
    )
    days_before = forms.IntegerField(
        label=_("Days before the meeting"),
        min_value=0,
        max_value=MAX_DAYS_BEFORE,
        initial=0,
        help_text=_("0: the day of the meeting itself."),
    )

    class Meta:
        model = StepTemplate
        fields = list(TEMPLATE_FIELDS)
        labels = {"meeting_body": _("Meeting of"), "responsible": _("Responsible body")}
        help_texts = {
            "meeting_body": _("The step is dated from this body's first meeting in the month."),
            "link": _("What the step's line in the cycle links to."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Organisation.objects.order_by("name")
        self.fields["responsible"].queryset = bodies
        self.fields["meeting_body"].queryset = bodies


class BaseStepTemplateFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove the step")


StepTemplateFormSet = forms.modelformset_factory(
    StepTemplate,
    form=StepTemplateForm,
    formset=BaseStepTemplateFormSet,
    extra=1,
    can_delete=True,
)
