"""Forms for indicator values: a spreadsheet upload and manual entry of local values.

The checks of the values themselves live in the sources (`riktning.indicators.sources.upload`,
`.manual`) and in `riktning.indicators.services`; these forms choose the fields and word the
messages a person sees."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from riktning.indicators import values
from riktning.indicators.constants import Gender, ObservationStatus
from riktning.indicators.sources import manual, upload

from .forms import EditForm

ACCEPTED_SUFFIXES = (".csv", ".xlsx")


class UploadForm(EditForm):
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty."),
            "invalid": _("Choose the file to upload."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV file or an Excel workbook (XLSX) with the template's columns, at most %(mb)s MB."
        ) % {"mb": upload.MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        """Refuses a file of the wrong kind or size before a byte of it is read."""
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(ACCEPTED_SUFFIXES):
            raise ValidationError(
                _("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."), code="suffix"
            )
        if uploaded.size > upload.MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": upload.MAX_BYTES // (1024 * 1024)},
                code="size",
            )
        return uploaded


class ConfirmUploadForm(forms.Form):
    """The confirmation of a previewed upload names the pending file it confirms, so that a
    second upload in another tab cannot be saved by confirming the first one's preview."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=100)


class NumberField(forms.CharField):
    """A value as Swedish users write it: “71,3”, “1 234”, “12 %”; empty = no value. The rules
    are those of every source (`riktning.indicators.values`): finite, and within `allowed`, the
    indicator's plausible range."""

    def __init__(self, *, allowed: values.ValueRange = values.ANY, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.allowed = allowed
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "size": 10})

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return values.check_value(values.parse_number(text), self.allowed)
        except values.Refused as refused:
            # The rule's words ("not a number; write it like 42, 71,3 or 1 234,5") as a sentence
            raise ValidationError(capfirst(refused.message) + ".", code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, float):
            return formats.number_format(int(value) if value.is_integer() else value)
        return value


class ManualEntryForm(EditForm):
    """One row per year, a column per gender (T, and K and M if the indicator is split by
    gender), and a box for a preliminary year. Initial values are the stored ones."""

    def __init__(self, *args, indicator, area_code: str, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.years = years
        self.genders = manual.genders(indicator)
        stored = manual.existing_values(indicator, area_code)
        allowed = values.value_range(indicator.unit)
        for year in years:
            for gender in self.genders:
                value, _status = stored.get((year, gender), (None, ""))
                self.fields[f"value_{year}_{gender}"] = NumberField(
                    label=_("%(year)s, %(gender)s")
                    % {"year": year, "gender": Gender(gender).label},
                    initial=value,
                    allowed=allowed,
                )
            self.fields[f"preliminary_{year}"] = forms.BooleanField(
                label=_("%(year)s, preliminary") % {"year": year},
                required=False,
                initial=any(
                    stored.get((year, g), (None, ""))[1] == ObservationStatus.PRELIMINARY
                    for g in self.genders
                ),
            )

    @property
    def columns(self) -> list[tuple[str, str]]:
        return [(gender, Gender(gender).label) for gender in self.genders]

    def rows(self):
        """For the template: (year, [bound value fields by gender], bound preliminary box)."""
        for year in self.years:
            yield (
                year,
                [self[f"value_{year}_{gender}"] for gender in self.genders],
                self[f"preliminary_{year}"],
            )

    def entered(self) -> list[manual.YearValues]:
        """What was typed, year by year (call after is_valid())."""
        return [
            manual.YearValues(
                year=year,
                values={g: self.cleaned_data.get(f"value_{year}_{g}") for g in self.genders},
                preliminary=bool(self.cleaned_data.get(f"preliminary_{year}")),
            )
            for year in self.years
        ]
