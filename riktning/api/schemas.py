"""The API's typed shapes (pydantic via django-ninja): what a client gets and sends.

Every value a client sends has the bounds the database can hold, in the OpenAPI schema too: an
id fits a 64-bit key, a year has four digits, text has no NUL character (PostgreSQL refuses it).
A value outside them is refused with 422 naming the parameter, never looked up (issue 11)."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

MAX_ID = 2**63 - 1  # BigAutoField: a signed 64-bit key
NO_NUL = r"^[^\x00]*$"
AREA_CODE = r"^[0-9A-Za-z]{1,20}$"

# An object's id in a path or a filter.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1, le=9999)]
AreaCode = Annotated[str, Field(pattern=AREA_CODE, examples=["1287"])]
Gender = Literal["T", "K", "M"]
# Every text the API takes, in a body or a query: refused (422) when it holds a NUL character,
# as the web forms refuse it (Django's ProhibitNullCharactersValidator) and PostgreSQL cannot
# store it. A pattern rather than a validator, so that the OpenAPI schema says so too.
Text = Annotated[str, Field(pattern=NO_NUL)]


class Error(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class ValidationErrors(Schema):
    detail: str
    errors: list[FieldError]


class VersionOut(Schema):
    id: int
    document_id: int
    document: str
    number: int
    title: str
    status: str
    status_label: str
    valid_from: int | None
    valid_to: int | None
    based_on_id: int | None


class IndicatorLinkOut(Schema):
    indicator_id: int | None  # None: an indicator the strategy proposes but has not defined
    title: str
    # The indicator as the steering document itself words it ("" where it has no wording of its
    # own); `title` is the catalogue entry's.
    wording: str
    source: str
    source_key: str
    role: str
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None


class GoalOut(Schema):
    id: int
    title: str
    indicators: list[IndicatorLinkOut]


class AreaOut(Schema):
    id: int
    title: str
    goals: list[GoalOut]


class VersionDetailOut(VersionOut):
    summary: str
    areas: list[AreaOut]


class StatusWordOut(Schema):
    status: str
    label: str
    symbol: str


class IndicatorStatusOut(Schema):
    link_id: int
    indicator_id: int | None
    title: str
    status: str
    status_text: str
    latest: str
    gap: str
    reason: str
    is_example: bool


class GoalStatusOut(Schema):
    id: int
    title: str
    status: str
    status_text: str
    deteriorating: int
    total: int
    indicators: list[IndicatorStatusOut]


class AreaStatusOut(Schema):
    id: int
    title: str
    status: str
    status_text: str
    deteriorating: int
    total: int
    goals: list[GoalStatusOut]


class VersionStatusOut(Schema):
    version_id: int
    home: str
    home_name: str
    vocabulary: list[StatusWordOut]
    areas: list[AreaStatusOut]


class ContributionIndicatorOut(Schema):
    title: str
    status: str
    status_text: str
    is_example: bool


class ContributionGoalOut(Schema):
    id: int
    title: str
    version: str
    status: str
    status_text: str
    indicators: list[ContributionIndicatorOut]


class ContributionActivityOut(Schema):
    id: int
    name: str
    organiser: str
    participants: int | None
    is_example: bool


class ContributionMeasureOut(Schema):
    id: int
    title: str
    responsible: str
    plan: str
    status: str
    status_text: str
    is_example: bool


class ContributionPartOut(Schema):
    contribution_id: int | None  # None: an area carried over into the goal (`kind`)
    kind: Literal["area", "goal", "carried_over"]
    title: str
    document: str
    version_id: int
    version: str
    carried_over_from: list[str]
    status: str
    status_text: str
    goals: list[ContributionGoalOut]
    activities: list[ContributionActivityOut]
    measures: list[ContributionMeasureOut]
    is_example: bool


class GoalContributionsOut(Schema):
    id: int
    title: str
    parts: list[ContributionPartOut]


class ContributedGoalOut(Schema):
    id: int
    title: str
    document: str
    version_id: int
    version: str
    status: str
    status_text: str
    indicators: list[ContributionIndicatorOut]
    parts: list[ContributionPartOut]


class VersionContributionsOut(Schema):
    version_id: int
    goals: list[GoalContributionsOut]
    contributes_to: list[ContributedGoalOut]


class IndicatorOut(Schema):
    id: int
    title: str
    definition: str
    unit: str
    source: str
    source_key: str
    direction: str
    responsible: str | None


class ObservationOut(Schema):
    area_code: str
    period: int
    gender: str
    breakdown: str
    value: float | None
    status: str
    source: str
    is_example: bool


class ActivityOut(Schema):
    id: int
    name: str
    description: str
    organiser_id: int
    organiser: str
    mapping_round_id: int | None
    target_group: str
    age_from: int | None
    age_to: int | None
    location: str
    reach: str
    participants: int | None
    participants_girls: int | None
    participants_boys: int | None
    cost_sek: Decimal | None
    hours: Decimal | None
    start_year: int | None
    end_year: int | None
    area_ids: list[int]
    goal_ids: list[int]
    is_example: bool


class ActionPlanOut(Schema):
    id: int
    version_id: int
    year: int
    title: str
    status: str
    decision_date: datetime.date | None
    is_example: bool


class MeasureOut(Schema):
    id: int
    title: str
    description: str
    goal_ids: list[int]
    responsible_id: int
    responsible: str
    hours: Decimal | None
    cost_sek: Decimal | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    status: str
    shown_status: str
    late: bool
    carried_from_id: int | None
    is_example: bool
    status_revision: int = Field(
        description="The id of the latest status report (0 for none): send it with a new report."
    )


class ActionPlanDetailOut(ActionPlanOut):
    measures: list[MeasureOut]
    total_hours: Decimal
    total_cost_sek: Decimal


class StatusIn(Schema):
    status: Text
    date: datetime.date | None = None
    revision: int = Field(
        ge=0,
        le=MAX_ID,
        description="The measure's status_revision when you read it; a report on an older one "
        "is refused with 409.",
    )
    comment: Text = ""


class StatusOut(Schema):
    id: int
    measure_id: int
    status: str
    date: datetime.date
    comment: str
    recorded_by: str | None
