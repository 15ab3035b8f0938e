"""Forms of a consultation round: opening it, a statement and its comments, the coordinator's
dispositions and the summary's introduction. The rules live in riktning.consultation (models and
services); these forms choose the fields and the choices."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from riktning.accounts.constants import OrganisationKind
from riktning.accounts.models import Organisation
from riktning.consultation import quotes
from riktning.consultation.attachments import check_upload
from riktning.consultation.constants import (
    ATTACHMENT_MAX_MB,
    Decision,
    ProposalKind,
    ReceivedVia,
)
from riktning.consultation.models import Statement
from riktning.consultation.summary import order_bodies
from riktning.indicators.models import Indicator
from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator, Section

from .forms import DATE_INPUT, EditForm, EditModelForm
from .revisions import revision_field

RECIPIENT_KINDS = (OrganisationKind.COMMITTEE, OrganisationKind.COMPANY)


class RoundForm(EditForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    reply_by = forms.DateField(label=_("Last day to reply"), widget=DATE_INPUT)
    sent_on = forms.DateField(
        label=_("Sent outside Riktning on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "Only for a round already sent on paper or by e-mail (also an earlier round "
            "recorded afterwards): the day it was sent. Riktning then sends nothing, and the "
            "last day may have passed. Leave empty to send the round from Riktning."
        ),
    )
    contact_email = forms.EmailField(label=_("Contact address"))
    cover_letter = forms.CharField(
        label=_("Cover letter"), widget=forms.Textarea(attrs={"rows": 12})
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every committee and company is chosen to begin with."),
    )

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Organisation.objects.order_by("name")
        self.fields["organisations"].queryset = candidates
        self.fields["organisations"].initial = [
            o.pk for o in candidates if o.kind in RECIPIENT_KINDS
        ]
        if version is not None:
            self.fields["title"].initial = _("Consultation: %(title)s") % {"title": version.title}


class SentOutsideForm(EditForm):
    sent_on = forms.DateField(label=_("Sent outside Riktning on"), widget=DATE_INPUT)


class StatementForm(EditModelForm):
    class Meta:
        model = Statement
        fields = [
            "position",
            "decision_body",
            "decision_date",
            "decision_paragraph",
            "case_number",
            "summary",
        ]
        widgets = {
            "decision_date": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 8}),
        }


def anchor_choices(version) -> list[tuple[str, list[tuple[str, str]]]]:
    """The parts of the draft a comment can be about, grouped for a <select> with optgroups;
    values are "kind:id"."""
    sections = Section.objects.filter(version=version).order_by("order", "id")
    areas = DevelopmentArea.objects.filter(version=version).order_by("order", "id")
    goals = Goal.objects.filter(area__version=version).select_related("area")
    links = GoalIndicator.objects.filter(goal__area__version=version).select_related(
        "indicator", "goal"
    )
    groups = [
        (_("Sections"), [(f"section:{s.pk}", s.heading or str(s)) for s in sections]),
        (_("Development areas"), [(f"area:{a.pk}", a.title) for a in areas]),
        (_("Goals"), [(f"goal:{g.pk}", f"{g.area.title}: {g.title}") for g in goals]),
        (_("Indicators"), [(f"goal_indicator:{i.pk}", f"{i.goal.title}: {i}") for i in links]),
    ]
    return [(str(label), options) for label, options in groups if options]


ANCHOR_MODELS = {
    "section": (Section, "version"),
    "area": (DevelopmentArea, "version"),
    "goal": (Goal, "area__version"),
    "goal_indicator": (GoalIndicator, "goal__area__version"),
}


WHOLE_DRAFT = "whole"


class CommentForm(EditForm):
    """A comment on the whole draft or on one part of it, with an optional proposal
    (`proposal_kind`: replace, insert after or delete a passage, add a section, area, goal or
    indicator, delete the part). The chosen part's text is shown beside the form (`part`,
    `part_texts`) and its sentences are offered in `pick`, which fills the passage when it is
    left empty: the passage can be chosen with the keyboard, not only copied by mouse. Whether
    the proposal fits the part and the passage occurs in it is the service's check
    (consultation/proposals.py)."""

    anchor = forms.CharField(
        label=_("Part of the draft"),
        widget=forms.Select,
        help_text=_(
            "What the comment is about: the whole draft, or a section, an area, a goal or an "
            "indicator."
        ),
    )
    text = forms.CharField(
        label=pgettext_lazy("consultation", "Comment"), widget=forms.Textarea(attrs={"rows": 5})
    )
    proposal_kind = forms.ChoiceField(
        label=_("Proposal"),
        required=False,
        choices=ProposalKind.choices,
        help_text=_(
            "What the proposal does to the draft. A new section goes under the chosen area or "
            "after the chosen section or goal, a new area after the chosen area or section (on "
            "the whole draft: last), a new goal under the chosen area or after the chosen goal, "
            "a new indicator under the chosen goal."
        ),
    )
    pick = forms.ChoiceField(
        label=_("Pick the passage"),
        required=False,
        help_text=_(
            "A sentence of the part's text, to quote it. Used when the passage below is empty."
        ),
    )
    replace_text = forms.CharField(
        label=_("Passage in the draft"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "To replace, insert after or delete: quote the passage of the part exactly, or "
            "pick it above."
        ),
    )
    new_title = forms.CharField(
        label=_("Title of the new part"),
        required=False,
        max_length=200,
        help_text=_("For a new section or development area."),
    )
    replacement = forms.CharField(
        label=_("New text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The replacing text, the text to insert after the passage, the new section's or "
            "area's text, the new goal, or how the document words the new indicator."
        ),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator to add"),
        required=False,
        queryset=Indicator.objects.none(),
        help_text=_(
            "For a new indicator of a goal, or a new goal's indicator: the entry in the "
            "indicator catalogue."
        ),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["anchor"].widget.choices = [
            (WHOLE_DRAFT, _("The whole draft")),
            *anchor_choices(version),
        ]
        self.fields["indicator"].queryset = Indicator.objects.order_by("title", "pk")
        chosen = (
            self.data.get(self.add_prefix("anchor"))
            if self.is_bound
            else self.initial.get("anchor")
        )
        self.part = find_anchor(version, chosen or "")
        self.part_texts = []
        sentences = []
        if self.part is not None:
            texts = quotes.part_texts(self.part)
            self.part_texts = [text for text in texts.values() if text.strip()]
            sentences = quotes.sentences(self.part)
        self.fields["pick"].choices = [("", "—"), *((s, s) for s in sentences)]

    def clean_anchor(self):
        """The chosen part, which must be in the draft on consultation; None for the whole
        draft. A part of another version is passed on only for a proposal to add a goal, which
        the service refuses saying so."""
        value = self.cleaned_data["anchor"]
        if value == WHOLE_DRAFT:
            return None
        kind, _sep, pk = value.partition(":")
        if kind not in ANCHOR_MODELS or not pk.isdigit():
            raise forms.ValidationError(_("Choose a part of the draft."))
        anchor = find_anchor(self.version, value)
        if (
            anchor is None
            and self.data.get(self.add_prefix("proposal_kind")) == ProposalKind.ADD_GOAL
        ):
            anchor = ANCHOR_MODELS[kind][0].objects.filter(pk=int(pk)).first()
        if anchor is None:
            raise forms.ValidationError(_("The chosen part is not in the draft on consultation."))
        return anchor

    def clean(self):
        data = super().clean()
        if data.get("pick") and not (data.get("replace_text") or "").strip():
            data["replace_text"] = data["pick"]
        return data

    # Fields that help fill in the form and are not part of the comment.
    HELPER_FIELDS = frozenset({"pick", "revision"})

    def comment_fields(self) -> dict:
        """What the form says the comment is: the keyword arguments of services.add_comment."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.HELPER_FIELDS
        }


def find_anchor(version, value: str):
    """The part "kind:id" names, if it is in `version`; else None."""
    kind, _sep, pk = (value or "").partition(":")
    if kind not in ANCHOR_MODELS or not pk.isdigit():
        return None
    model, path = ANCHOR_MODELS[kind]
    return model.objects.filter(pk=int(pk), **{path: version}).first()


def anchor_value(part) -> str:
    """The form's value for a part (None: the whole draft)."""
    if part is None:
        return WHOLE_DRAFT
    return f"{quotes.part_kind(part)}:{part.pk}"


class DispositionForm(EditForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 5}))


class IntroductionForm(EditForm):
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Opens the compiled summary, on the page and in the Word file."),
    )


class RegisteredStatementForm(StatementForm):
    """A statement the coordinator registers from paper or e-mail: also when and how it came."""

    class Meta(StatementForm.Meta):
        fields = ["received_on", "received_via", *StatementForm.Meta.fields]
        widgets = {**StatementForm.Meta.widgets, "received_on": DATE_INPUT}
        labels = {"received_on": _("Received on"), "received_via": _("How it was received")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].required = True
        self.fields["received_via"].required = True
        self.fields["received_via"].choices = ReceivedVia.choices

    def clean_received_on(self):
        value = self.cleaned_data.get("received_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The date the statement was received cannot be in the future."))
        return value


class RegisterStatementForm(EditForm):
    """Starting the registration of a statement received outside Riktning."""

    organisation = forms.ModelChoiceField(
        label=_("Recipient"),
        queryset=Organisation.objects.none(),
        help_text=_("Only a recipient of the round can be chosen."),
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE_INPUT)
    received_via = forms.ChoiceField(label=_("How it was received"), choices=ReceivedVia.choices)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            consultation_recipients__round=round
        ).order_by("name")

    def clean_received_on(self):
        value = self.cleaned_data.get("received_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The date the statement was received cannot be in the future."))
        return value


class ReceivedStatementForm(RegisteredStatementForm):
    """A statement received outside Riktning, registered on one page: the recipient, when and
    how it came, its content and, optionally, the document received. Its comments are a formset
    of CommentForm beside it (CommentFormSet). Whether the date fits the round (not before it
    was sent) and whether the body has answered already are the service's checks
    (services.register_received_statement)."""

    organisation = forms.ModelChoiceField(
        label=_("Recipient"),
        queryset=Organisation.objects.none(),
        help_text=_("Only a recipient of the round can be chosen."),
    )
    file = forms.FileField(
        label=_("The document received"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )
    revision = revision_field()

    field_order = ["organisation", "received_on", "received_via", "position"]

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = order_bodies(
            Organisation.objects.filter(consultation_recipients__round=round)
        )
        self.fields["position"].required = True
        self.fields["file"].help_text = gettext(
            "Optional: the statement as scanned or sent, PDF or Word (.docx), at most "
            "%(max)s MB. Choose it last: a file is not kept when rows are added."
        ) % {"max": ATTACHMENT_MAX_MB}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload)
        return upload or None

    def statement_fields(self) -> dict:
        """The statement's own fields (services.STATEMENT_FIELDS) as the form gives them."""
        return {name: self.cleaned_data[name] for name in StatementForm.Meta.fields}


class BaseCommentFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The part a row starts on: a row left as it was shown (nothing written) is not saved.
        form.fields["anchor"].initial = WHOLE_DRAFT


CommentFormSet = forms.formset_factory(CommentForm, formset=BaseCommentFormSet, extra=0)


class AttachmentForm(EditForm):
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file to attach."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("PDF or Word (.docx), at most %(max)s MB.") % {
            "max": ATTACHMENT_MAX_MB
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = check_upload(upload)
        return upload


class VersionTitleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_status_display().lower()})"


class DecisionProposalForm(EditForm):
    summary = forms.CharField(
        label=_("Summary of the case"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "Opens the proposal (Sammanfattning). Left empty, a summary of the round is written "
            "from its figures."
        ),
    )
    text = forms.CharField(
        label=_("Proposed decision"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "E.g. “Kommunstyrelsen föreslår kommunfullmäktige besluta” followed by the "
            "att-clauses, each on a line of its own starting with “att”. At least one "
            "att-clause is needed."
        ),
    )
    case_number = forms.CharField(
        label=_("Case number"), max_length=60, required=False, help_text=_("E.g. KS 2023/474.")
    )
    proposed_version = VersionTitleChoiceField(
        label=_("Proposed version"),
        queryset=None,
        required=False,
        empty_label=_("(no version yet)"),
        help_text=_("A version based on the consulted version. It is listed as an attachment."),
    )
    send_to = forms.ModelMultipleChoiceField(
        label=_("The decision is sent to"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_version"].queryset = versions
        self.fields["send_to"].queryset = order_bodies(Organisation.objects.all())
