"""The API's typed shapes (pydantic via django-ninja): what a client gets and sends."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator


def _no_nul(text: str) -> str:
    """Text a person could have typed: the web forms refuse a NUL character (Django's
    ProhibitNullCharactersValidator), and so does the API (PostgreSQL cannot store one)."""
    if "\x00" in text:
        raise ValueError("NUL character")
    return text


# Every text the API takes, in a body or a query: refused (422) when it holds a NUL character.
Text = Annotated[str, AfterValidator(_no_nul)]


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


class ActionPlanDetailOut(ActionPlanOut):
    measures: list[MeasureOut]
    total_hours: Decimal
    total_cost_sek: Decimal


class StatusIn(Schema):
    status: Text
    date: datetime.date | None = None
    comment: Text = ""


class StatusOut(Schema):
    id: int
    measure_id: int
    status: str
    date: datetime.date
    comment: str
    recorded_by: str | None
