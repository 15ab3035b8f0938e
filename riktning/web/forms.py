"""The coordinator's forms.

The rules live in the models (`clean()`, the lock on adopted versions) and in
`riktning.strategy.services`; these forms choose the fields, limit every choice to what makes
sense (the same version's areas, the document's versions …) and word the messages a person sees.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from riktning.accounts.models import Organisation
from riktning.indicators.models import Indicator
from riktning.indicators.values import Refused, parse_number
from riktning.notifications.constants import Kind as NotificationKind
from riktning.notifications.constants import Mode as NotificationMode
from riktning.strategy import services
from riktning.strategy.constants import TRANSITIONS, VersionStatus
from riktning.strategy.models import (
    AreaCarryOver,
    Contribution,
    Decision,
    DevelopmentArea,
    Goal,
    GoalIndicator,
    Section,
    SteeringDocument,
    Version,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SwedishDecimalField(forms.DecimalField):
    """Hours, money and other decimals as Swedish users write them (“10,5”, “1 234,5”), read by
    the one number parser (indicators/values.py: finite, no exponent, refused rather than
    coerced), shown with a decimal comma in a text box (a number box would refuse the comma)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {"inputmode": "decimal"} if isinstance(widget, forms.TextInput) else {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                number = parse_number(value)
            except Refused as error:
                raise ValidationError(error.message, code="invalid") from error
            if number is None:
                return None
            value = str(int(number)) if number.is_integer() else repr(number)
        return super().to_python(value)


def swedish_decimals(form) -> None:
    """Every plain decimal field of `form` (a ModelForm's hours, cost, target …) becomes a
    SwedishDecimalField in a text box."""
    for name, field in form.fields.items():
        if type(field) is forms.DecimalField:
            new = SwedishDecimalField(
                max_value=field.max_value,
                min_value=field.min_value,
                max_digits=field.max_digits,
                decimal_places=field.decimal_places,
                required=field.required,
                label=field.label,
                initial=field.initial,
                help_text=field.help_text,
                widget=forms.TextInput,
            )
            new.validators = field.validators
            new.error_messages.update(field.error_messages)
            form.fields[name] = new


class EditFormMixin:
    """What every form here shares: no ':' after labels, errors tied to their field for screen
    readers (aria-describedby), a way to take a ValidationError raised by a service, and
    decimals read as Swedish users write them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        swedish_decimals(self)

    def full_clean(self):
        super().full_clean()
        self._hidden_errors_on_top()
        self._describe_errors()

    def _hidden_errors_on_top(self) -> None:
        """A hidden field's error (a missing revision) is said at the top of the form: there is
        no field to point to."""
        for name in [n for n in (self._errors or {}) if n in self.fields]:
            if self.fields[name].widget.is_hidden:
                errors = self._errors.pop(name)
                top = self._errors.setdefault(
                    NON_FIELD_ERRORS, self.error_class(error_class="nonfield")
                )
                top.extend(errors)

    def add_validation_error(self, error: ValidationError) -> None:
        """Put an error raised after validation (by a service or a model's save) on the form:
        on its field when the form has that field, otherwise at the top."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                field = name if name in self.fields else None
                self.add_error(field, ValidationError(errors))
        else:
            self.add_error(None, error)
        self._describe_errors()

    def _describe_errors(self) -> None:
        for name in self.errors:
            if name == NON_FIELD_ERRORS or name not in self.fields:
                continue
            bound = self[name]
            ids = [f"{bound.auto_id}_error"]
            if bound.help_text:
                ids.insert(0, f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class EditForm(EditFormMixin, forms.Form):
    pass


class EditModelForm(EditFormMixin, forms.ModelForm):
    pass


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_status_display().lower()})"


class GoalChoiceField(forms.ModelChoiceField):
    """Goals named with the version and area they belong to, since titles repeat."""

    def label_from_instance(self, obj):
        title = Truncator(" ".join(obj.title.split())).chars(90)
        return f"{obj.area.version.title} – {obj.area.title}: {title}"


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.version.title}: {obj.title}"


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return Truncator(" ".join(str(obj).split())).chars(80)


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.source_key})" if obj.source_key else obj.title


# --- documents, versions, decisions ----------------------------------------------------------


class DocumentForm(EditModelForm):
    class Meta:
        model = SteeringDocument
        fields = ["title", "kind", "owner", "valid_from", "valid_to", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.order_by("name")


class VersionCreateForm(EditForm):
    based_on = VersionChoiceField(
        label=_("Based on"),
        queryset=Version.objects.none(),
        help_text=_("The new version starts as a copy of this one, which stays as it is."),
        error_messages={"required": _("Choose the version the new one is based on.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, document: SteeringDocument, **kwargs):
        super().__init__(*args, **kwargs)
        versions = document.versions.order_by("-number")
        self.fields["based_on"].queryset = versions
        latest = versions.first()
        if latest is not None:
            self.fields["based_on"].initial = latest.pk


class VersionForm(EditModelForm):
    class Meta:
        model = Version
        fields = ["title", "valid_from", "valid_to", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}


class StatusField(forms.ChoiceField):
    """Offers only the allowed next statuses but accepts any known one, so that an impossible
    move (adopted → draft) reaches `services.check_transition` and gets its explanation."""

    def valid_value(self, value):
        return value in VersionStatus.values


class VersionStatusForm(EditForm):
    to_status = StatusField(label=_("New status"))
    decided_by = forms.ModelChoiceField(
        label=_("Decided by"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("The body that took the decision. An adoption needs it."),
    )
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE_INPUT)
    paragraph = forms.CharField(
        label=_("Paragraph"), max_length=20, required=False, help_text=_("E.g. 134 for § 134.")
    )
    case_number = forms.CharField(
        label=_("Case number"), max_length=40, required=False, help_text=_("E.g. KS 2023/474.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, version: Version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        allowed = TRANSITIONS[version.status]
        self.fields["to_status"].choices = [
            (status.value, status.label) for status in VersionStatus if status in allowed
        ]

    def clean(self):
        cleaned = super().clean()
        to_status = cleaned.get("to_status")
        if to_status and not self.errors:
            try:
                services.check_transition(
                    self.version,
                    to_status,
                    decided_by=cleaned.get("decided_by"),
                    decision_date=cleaned.get("decision_date"),
                )
            except ValidationError as error:
                self.add_error("to_status", error)
        return cleaned


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("The decision date cannot be in the future."))
    return value


class DecisionForm(EditModelForm):
    version = VersionChoiceField(
        label=_("Version"),
        queryset=Version.objects.none(),
        required=False,
        help_text=_("The version the decision concerns, if any."),
    )

    class Meta:
        model = Decision
        fields = ["decided_by", "decision_date", "paragraph", "case_number", "text", "version"]
        widgets = {"decision_date": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, document: SteeringDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = document.versions.order_by("number")
        self.fields["decided_by"].queryset = Organisation.objects.order_by("name")

    def clean_decision_date(self):
        return _not_in_future(self.cleaned_data.get("decision_date"))


# --- a version's content ---------------------------------------------------------------------


class AreaForm(EditModelForm):
    class Meta:
        model = DevelopmentArea
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "order": _(
                "The version is read from the lowest number: its areas and its top-level text "
                "sections share one numbering."
            )
        }


class GoalForm(EditModelForm):
    area = forms.ModelChoiceField(
        label=_("Development area"),
        queryset=DevelopmentArea.objects.none(),
        empty_label=_("Choose an area"),
        error_messages={
            "required": _(
                "Choose the development area the goal belongs to: a goal cannot "
                "stand without an area."
            ),
            "invalid_choice": _("Choose one of this version's development areas."),
        },
    )

    class Meta:
        model = Goal
        fields = ["area", "title", "note", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, version: Version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = version.areas.order_by("order", "id")


class SectionForm(EditModelForm):
    parent = SectionChoiceField(
        label=_("Part of section"),
        queryset=Section.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of this version's other sections.")},
    )
    area = forms.ModelChoiceField(
        label=_("Development area"),
        queryset=DevelopmentArea.objects.none(),
        required=False,
        help_text=_("If the text describes one of the version's development areas."),
        error_messages={"invalid_choice": _("Choose one of this version's development areas.")},
    )

    class Meta:
        model = Section
        fields = ["heading", "body", "parent", "area", "order"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"body": _("Separate paragraphs with an empty line.")}

    def __init__(self, *args, version: Version, **kwargs):
        super().__init__(*args, **kwargs)
        parents = version.sections.order_by("order", "id")
        if self.instance.pk:
            parents = parents.exclude(pk__in=_section_and_descendants(self.instance))
        self.fields["parent"].queryset = parents
        self.fields["area"].queryset = version.areas.order_by("order", "id")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("heading", "").strip() and not cleaned.get("body", "").strip():
            raise ValidationError(_("Write a heading, a text or both."))
        return cleaned


def _section_and_descendants(section: Section) -> set[int]:
    """A section cannot be placed inside itself or one of its own subsections."""
    found, pending = {section.pk}, [section.pk]
    while pending:
        children = Section.objects.filter(parent_id__in=pending).values_list("pk", flat=True)
        pending = [pk for pk in children if pk not in found]
        found.update(pending)
    return found


class GoalIndicatorForm(EditModelForm):
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.order_by("title"),
        required=False,
        empty_label=_("None yet (a proposed indicator)"),
        help_text=_("From the indicator catalogue. Only a proposed indicator may lack one."),
    )

    class Meta:
        model = GoalIndicator
        fields = [
            "indicator",
            "role",
            "proposal",
            "wording",
            "baseline_year",
            "target_value",
            "target_year",
            "note",
            "order",
        ]
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 3}),
            "wording": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False

    def clean_order(self):
        """Left empty, the link goes after the goal's other indicators."""
        order = self.cleaned_data.get("order")
        if order is not None or not self.instance.goal_id:
            return order if order is not None else 0
        others = GoalIndicator.objects.filter(goal_id=self.instance.goal_id).exclude(
            pk=self.instance.pk
        )
        return max(others.values_list("order", flat=True), default=-1) + 1


# --- links between versions and documents ----------------------------------------------------


class CarryOverForm(EditModelForm):
    """How an area of an earlier version lives on in this (the later) version."""

    from_area = AreaChoiceField(
        label=_("Area in the earlier version"),
        queryset=DevelopmentArea.objects.none(),
        empty_label=_("Choose an area"),
        error_messages={
            "required": _("Choose the area that is carried over."),
            "invalid_choice": _(
                "Choose an area of another version of the same document: a carry-over links "
                "areas of two different versions."
            ),
        },
    )
    to_area = forms.ModelChoiceField(
        label=_("Area in this version"),
        queryset=DevelopmentArea.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of this version's development areas.")},
    )
    to_goal = GoalChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_("Only when the area is taken up in a goal."),
    )

    class Meta:
        model = AreaCarryOver
        fields = ["from_area", "kind", "to_area", "to_goal", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, version: Version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_area"].queryset = (
            DevelopmentArea.objects.filter(version__document_id=version.document_id)
            .exclude(version=version)
            .select_related("version")
            .order_by("version__number", "order", "id")
        )
        self.fields["to_area"].queryset = version.areas.order_by("order", "id")
        self.fields["to_goal"].queryset = Goal.objects.select_related("area__version").order_by(
            "area__version__document__title", "area__version__number", "area__order", "order"
        )


class ContributionForm(EditModelForm):
    """An area or a goal of this version contributes to a goal of another version."""

    from_area = forms.ModelChoiceField(
        label=_("Contributing area"),
        queryset=DevelopmentArea.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of this version's development areas.")},
    )
    from_goal = GoalChoiceField(
        label=_("Contributing goal"),
        queryset=Goal.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of this version's goals.")},
    )
    to_goal = GoalChoiceField(
        label=_("Contributes to the goal"),
        queryset=Goal.objects.none(),
        empty_label=_("Choose a goal"),
        error_messages={
            "required": _("Choose the goal it contributes to."),
            "invalid_choice": _("Choose a goal of another version."),
        },
    )

    class Meta:
        model = Contribution
        fields = ["from_area", "from_goal", "to_goal", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, version: Version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_area"].queryset = version.areas.order_by("order", "id")
        self.fields["from_goal"].queryset = Goal.objects.filter(
            area__version=version
        ).select_related("area__version")
        self.fields["to_goal"].queryset = (
            Goal.objects.exclude(area__version=version)
            .select_related("area__version")
            .order_by(
                "area__version__document__title", "area__version__number", "area__order", "order"
            )
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and bool(cleaned.get("from_area")) == bool(cleaned.get("from_goal")):
            raise ValidationError(
                _("Choose either an area or a goal that contributes (one of them, not both).")
            )
        return cleaned

    def _post_clean(self):
        # Once the source is refused here, the model's clean() and its check constraint would
        # only repeat the refusal in other words.
        if self.has_error(NON_FIELD_ERRORS):
            return
        super()._post_clean()


class IndicatorForm(EditModelForm):
    class Meta:
        model = Indicator
        fields = [
            "title",
            "definition",
            "definition_note",
            "source_kind",
            "source_key",
            "source_name",
            "unit",
            "direction",
            "decimals",
            "gender_split",
            "breakdowns",
            "frequency",
            "comparison_areas",
            "responsible",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "definition_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Organisation.objects.order_by("name")


class NotificationSettingsForm(EditForm):
    """How the person receives each kind of notification (riktning/notifications): one group of
    radio buttons per kind."""

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationMode.choices,
                widget=forms.RadioSelect,
                initial=preferences.mode(kind.value),
            )

    def modes(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in NotificationKind.values}
