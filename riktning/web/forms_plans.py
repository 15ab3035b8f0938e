"""Forms for mapping rounds, activities, action plans and measures.

The rules live in the models' `clean()` and in the apps' services; these forms choose the fields,
limit choices to what makes sense (the round's or plan's version's areas and goals) and word the
messages a person sees.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from riktning.accounts import access
from riktning.accounts.constants import Role
from riktning.accounts.models import Organisation
from riktning.actionplans.constants import MeasureStatus
from riktning.actionplans.models import Measure
from riktning.actionplans.services import StaleStatus
from riktning.activities.constants import MAX_PARTICIPANTS
from riktning.activities.models import Activity, GoalConclusion, MappingRound
from riktning.strategy.models import DevelopmentArea, Goal

from .forms import DATE_INPUT, EditForm, EditModelForm
from .revisions import current_revision, revision_field

CHECKBOXES = forms.CheckboxSelectMultiple


def _goal_label(goal) -> str:
    text = " ".join(goal.title.split())
    return text if len(text) <= 90 else f"{text[:89]}…"


class GoalsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _goal_label(obj)


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _goal_label(obj)


class RevisionMixin:
    """A hidden field with the object's revision when the form was opened (web/revisions.py):
    required when the form changes an existing object."""

    conflict = None

    def add_revision_field(self, instance) -> None:
        self.fields["revision"] = revision_field()
        if instance is not None and instance.pk:
            self.fields["revision"].initial = current_revision(instance)
        else:
            self.fields["revision"].required = False


class MappingRoundForm(EditModelForm):
    goals = GoalsField(
        queryset=Goal.objects.none(), required=False, widget=CHECKBOXES, label=_("goals")
    )

    class Meta:
        model = MappingRound
        fields = ["title", "question", "areas", "goals", "invited", "last_day"]
        widgets = {"last_day": DATE_INPUT, "areas": CHECKBOXES, "invited": CHECKBOXES}

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = DevelopmentArea.objects.filter(version=version)
        self.fields["goals"].queryset = Goal.objects.filter(area__version=version)
        self.fields["invited"].queryset = Organisation.objects.order_by("name")


class ActivityForm(RevisionMixin, EditModelForm):
    goals = GoalsField(
        queryset=Goal.objects.none(), required=False, widget=CHECKBOXES, label=_("goals served")
    )

    class Meta:
        model = Activity
        fields = [
            "organiser",
            "name",
            "description",
            "partners",
            "age_from",
            "age_to",
            "target_group",
            "location",
            "areas",
            "goals",
            "reach",
            "participants",
            "participants_girls",
            "participants_boys",
            "cost_sek",
            "hours",
            "start_year",
            "end_year",
        ]
        widgets = {"areas": CHECKBOXES, "partners": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user=None, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisers = Organisation.objects.order_by("name")
        if not access.is_coordinator(user):
            organisers = organisers.filter(pk__in=access.organisation_ids(user, Role.EDITOR))
        self.fields["organiser"].queryset = organisers
        self.fields["partners"].queryset = Organisation.objects.order_by("name")
        self.fields["areas"].queryset = DevelopmentArea.objects.filter(version=version)
        self.fields["goals"].queryset = Goal.objects.filter(area__version=version)
        self.add_revision_field(self.instance)
        self.fields["participants"].help_text = _("People reached per year; at most %(max)s.") % {
            "max": f"{MAX_PARTICIPANTS:,}".replace(",", "\u00a0")
        }


class MeasureForm(RevisionMixin, EditModelForm):
    goals = GoalsField(
        queryset=Goal.objects.none(), required=False, widget=CHECKBOXES, label=_("goals")
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "goals",
            "answers_conclusion",
            "responsible",
            "co_actors",
            "hours",
            "cost_sek",
            "start_date",
            "end_date",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "co_actors": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_revision_field(self.instance)
        self.fields["goals"].queryset = Goal.objects.filter(area__version=version)
        self.fields["answers_conclusion"].queryset = GoalConclusion.objects.filter(
            goal__area__version=version
        ).select_related("goal")
        self.fields["responsible"].queryset = Organisation.objects.order_by("name")
        self.fields["co_actors"].queryset = Organisation.objects.order_by("name")
        self.fields["responsible"].error_messages["required"] = _(
            "A measure needs a responsible organisation."
        )


class MeasureStatusForm(EditForm):
    status = forms.ChoiceField(label=_("status"), choices=MeasureStatus.choices)
    date = forms.DateField(label=_("date"), widget=DATE_INPUT)
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea)

    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"] = revision_field()
        self._stale = None

    def add_validation_error(self, error) -> None:
        if isinstance(error, StaleStatus):
            self._stale = error
        super().add_validation_error(error)

    def stale(self):
        """The StaleStatus a save was refused with, if any."""
        return self._stale


class ActionPlanForm(EditForm):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=200, required=False)


class AdoptPlanForm(EditForm):
    decided_by = forms.ModelChoiceField(
        label=_("decided by"), queryset=Organisation.objects.order_by("name")
    )
    decision_date = forms.DateField(label=_("decision date"), widget=DATE_INPUT)
    paragraph = forms.CharField(label=_("paragraph"), max_length=20, required=False)
    case_number = forms.CharField(label=_("case number"), max_length=40, required=False)


class RegisterFilterForm(forms.Form):
    """The activity register's filters (GET)."""

    area = forms.ModelChoiceField(
        label=_("area"), queryset=DevelopmentArea.objects.none(), required=False
    )
    goal = GoalChoiceField(label=_("goal"), queryset=Goal.objects.none(), required=False)
    organiser = forms.ModelChoiceField(
        label=_("organiser"), queryset=Organisation.objects.none(), required=False
    )
    target_group = forms.CharField(label=_("target group"), required=False, max_length=100)
    mapping_round = forms.ModelChoiceField(
        label=_("mapping round"), queryset=MappingRound.objects.none(), required=False
    )

    def __init__(self, *args, activities=None, rounds=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = DevelopmentArea.objects.filter(
            pk__in=activities.values("areas")
        )
        self.fields["goal"].queryset = Goal.objects.filter(pk__in=activities.values("goals"))
        self.fields["organiser"].queryset = Organisation.objects.filter(
            pk__in=activities.values("organiser")
        )
        self.fields["mapping_round"].queryset = rounds


class ConclusionForm(EditForm):
    text = forms.CharField(label=_("conclusion"), widget=forms.Textarea)
    more_needed = forms.TypedChoiceField(
        label=_("more efforts needed"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class LinkActivityForm(ActivityForm):
    """The activity form behind a personal link: the organisation is the link's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organiser"]
        del self.fields["revision"]


class LinkInsteadForm(forms.Form):
    """ "Link to the earlier activity instead": its revision, the score shown, and the goals and
    areas chosen in the report form (added to the earlier activity)."""

    score = forms.IntegerField(min_value=0, max_value=100, widget=forms.HiddenInput)
    goals = forms.ModelMultipleChoiceField(
        queryset=Goal.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )
    areas = forms.ModelMultipleChoiceField(
        queryset=DevelopmentArea.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, activity=None, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.objects.filter(area__version=version)
        self.fields["areas"].queryset = DevelopmentArea.objects.filter(version=version)
        self.fields["revision"] = revision_field()
        self.fields["revision"].initial = current_revision(activity)


class DuplicatePairForm(forms.Form):
    """The coordinator's decision on a suspected pair: which one to keep (for a merge), with the
    revisions of both items as the page showed them (the page writes them from one query each,
    `revisions.latest_revisions`)."""

    kept = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_revision"] = revision_field()
        self.fields["second_revision"] = revision_field()


class UndoMergeForm(forms.Form):
    def __init__(self, *args, decision=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"] = revision_field()
        self.fields["revision"].initial = current_revision(decision)
