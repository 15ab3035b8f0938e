"""The child-rights assessment's form (barnkonsekvensanalys). The rules live in
`childrights.models.assessment_problems` (run by the model's clean); this form chooses the
widgets and words the help texts."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from riktning.childrights import lens
from riktning.childrights.constants import AgeGroup, Article
from riktning.childrights.models import ChildRightsAssessment
from riktning.childrights.services import FIELDS

from .forms import DATE_INPUT, EditForm, EditModelForm

CHECKBOXES = forms.CheckboxSelectMultiple


class ChildRightsAssessmentForm(EditModelForm):
    age_groups = forms.MultipleChoiceField(
        label=_("age groups affected"),
        choices=AgeGroup.choices,
        required=False,
        widget=CHECKBOXES,
    )
    articles = forms.MultipleChoiceField(
        label=_("articles of the Convention concerned"),
        choices=Article.choices,
        required=False,
        widget=CHECKBOXES,
        help_text=_(
            "Articles 2, 3, 6 and 12 are the Convention's general principles; choose every "
            "article the matter concerns."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("age_groups", "articles"):
            self.fields[name].label = capfirst(self.fields[name].label)

    class Meta:
        model = ChildRightsAssessment
        fields = list(FIELDS)
        widgets = {
            "views_heard_on": DATE_INPUT,
            "assessed_on": DATE_INPUT,
            "affects_children": forms.RadioSelect,
            "other_groups": forms.Textarea(attrs={"rows": 2}),
            "views_method": forms.Textarea(attrs={"rows": 3}),
            "views_result": forms.Textarea(attrs={"rows": 3}),
            "best_interests": forms.Textarea(attrs={"rows": 4}),
            "conflicts": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "other_groups": _(
                "For example children with disabilities, children in families with low incomes, "
                "children placed in care."
            ),
            "views_method": _(
                "Method (a dialogue, a survey, the youth council …), or why the children were "
                "not heard."
            ),
            "completed": _(
                "A done assessment must say which children are affected, how they were heard, "
                "their best interests, the articles, the conclusion, who assessed and when."
            ),
        }


class ChildIndicatorForm(EditForm):
    """The coordinator tags an indicator for the lens (the survey's are found by a rule)."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=lens.untagged_indicators(),
        error_messages={
            "required": _("Choose the indicator the lens shall follow."),
            "invalid_choice": _(
                "That indicator does not exist or the lens already follows it; choose another."
            ),
        },
    )
    note = forms.CharField(
        label=_("Why the lens follows it"),
        max_length=200,
        required=False,
        help_text=_("For example: school results of children in year 9 (article 28)."),
    )
