"""The REST API, /api/v1/ (django-ninja; OpenAPI 3 at /api/v1/openapi.json).

Read: versions with their areas, goals and indicator links; the indicator catalogue and its
values; activities; action plans with their measures. Write: a measure's status, by an editor
of its responsible organisation (the same service and the same rule as the web form).

Access goes through the domains' access modules (strategy.access, indicators.access,
activities.access, actionplans.access) like every web view: the public sees what is
adopted or published, members see drafts. Writing needs a logged-in session and Django's CSRF
token (header X-CSRFToken). Errors are JSON with a Swedish `detail`; a refused write changes
nothing (one transaction)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from riktning.accounts import access
from riktning.actionplans import access as plan_access
from riktning.actionplans import services as plan_services
from riktning.activities import access as activity_access
from riktning.followup import access as followup_access
from riktning.followup import across
from riktning.followup import status as followup_status
from riktning.followup.grid import grid
from riktning.followup.rollup import version_followup
from riktning.indicators import access as indicator_access
from riktning.indicators.models import Indicator, Observation
from riktning.strategy import access as strategy_access
from riktning.strategy.models import Goal, Version

from . import schemas
from .errors import CsrfRefused, parameter_problems

api = NinjaAPI(
    title="Riktning API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    docs_url=None,  # the interactive page loads scripts from a CDN: not under our CSP
)


class LoggedInSession(SessionAuth):
    """Django's session, for writes. Whoever is not logged in gets 401 whatever token they send
    (there is no session to forge a request for); a logged-in person's write without Django's
    CSRF token gets 403. django-ninja's own SessionAuth checks the token first, so an anonymous
    write got 403 "CSRF check Failed" in English where the documentation promises 401."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfRefused
        return request.COOKIES.get(self.param_name)


logged_in = LoggedInSession()


# --- errors: JSON, in Swedish -----------------------------------------------------------------


def _error(request, status: int, detail: str):
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(access.LoginRequired)
def _login_required(request, exc):
    return _error(request, 401, _("Log in to see this."))


@api.exception_handler(AuthenticationError)
def _not_authenticated(request, exc):
    return _error(request, 401, _("Log in to see this."))


@api.exception_handler(CsrfRefused)
def _csrf_refused(request, exc):
    return _error(
        request,
        403,
        _(
            "The security token (CSRF) is missing or wrong. Send the csrftoken cookie's value "
            "in the X-CSRFToken header. Nothing was saved."
        ),
    )


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return _error(request, 403, _("You do not have permission to do this."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("Not found."))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # django-ninja raises HttpError itself for one thing only: a body it cannot parse (400).
    if exc.status_code == 400:
        return _error(request, 400, _("The request's body is not valid JSON. Nothing was saved."))
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            errors += [{"field": field, "message": message} for message in messages]
    else:
        errors = [{"field": "", "message": message} for message in exc.messages]
    return api.create_response(
        request, {"detail": _("The data was not saved."), "errors": errors}, status=422
    )


@api.exception_handler(NinjaValidationError)
def _malformed(request, exc: NinjaValidationError):
    """A value of the wrong type or out of bounds, in the path, the query or the body: each
    problem with the parameter's name and what was wrong. A read says which parameters; a
    write says also that nothing was saved."""
    errors = parameter_problems(exc.errors)
    if request.method in ("GET", "HEAD"):
        detail = _("The request's parameters are wrong: %(problems)s") % {
            "problems": " ".join(f"{e['field']}: {e['message']}" for e in errors)
        }
    else:
        detail = _("The data was not saved.")
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


# What each kind of endpoint may answer besides its success, for the OpenAPI schema.
READ = {422: schemas.ValidationErrors}
FOUND = {404: schemas.Error, 422: schemas.ValidationErrors}
READ_ONE = {401: schemas.Error, **FOUND}
WRITE = {
    400: schemas.Error,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    409: schemas.Error,
    422: schemas.ValidationErrors,
}


# --- strategy --------------------------------------------------------------------------------

strategy = Router(tags=["strategy"])


def _version_out(version: Version) -> dict:
    return {
        "id": version.pk,
        "document_id": version.document_id,
        "document": version.document.title,
        "number": version.number,
        "title": version.title,
        "status": version.status,
        "status_label": str(version.get_status_display()),
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "based_on_id": version.based_on_id,
    }


def _link_out(link) -> dict:
    indicator = link.indicator
    return {
        "indicator_id": link.indicator_id,
        "title": indicator.title if indicator else link.proposal,
        "wording": link.wording,
        "source": indicator.source_kind if indicator else "",
        "source_key": indicator.source_key if indicator else "",
        "role": link.role,
        "baseline_year": link.baseline_year,
        "target_value": link.target_value,
        "target_year": link.target_year,
    }


@strategy.get("/versions", response={200: list[schemas.VersionOut]})
def version_list(request):
    versions = strategy_access.visible_versions(request.user).select_related("document")
    return [_version_out(v) for v in versions.order_by("document__title", "number")]


@strategy.get("/versions/{version_id}", response={200: schemas.VersionDetailOut, **READ_ONE})
def version_detail(request, version_id: Path[schemas.Id]):
    version = strategy_access.get_version_for_view(request.user, version_id)
    areas = version.areas.order_by("order", "id").prefetch_related(
        "goals__indicator_links__indicator"
    )
    return {
        **_version_out(version),
        "summary": version.summary,
        "areas": [
            {
                "id": area.pk,
                "title": area.title,
                "goals": [
                    {
                        "id": goal.pk,
                        "title": goal.title,
                        "indicators": [
                            _link_out(link)
                            for link in sorted(goal.indicator_links.all(), key=lambda k: k.order)
                        ],
                    }
                    for goal in sorted(area.goals.all(), key=lambda g: (g.order, g.pk))
                ],
            }
            for area in areas
        ],
    }


def _summary_out(obj, summary) -> dict:
    return {
        "id": obj.pk,
        "title": obj.title,
        "status": summary.status,
        "status_text": followup_status.summary_status_text(summary),
        "deteriorating": summary.deteriorating,
        "total": summary.total,
    }


def _status_text(status: str, note: str = "") -> str:
    text = followup_status.status_text(status)
    return f"{text} – {note}" if note else text


def _indicators_out(indicators: list[dict]) -> list[dict]:
    return [
        {
            "title": item["title"],
            "status": item["status"],
            "status_text": followup_status.status_text(item["status"]),
            "is_example": item["example"],
        }
        for item in indicators
    ]


def _part_out(part: dict) -> dict:
    return {
        "contribution_id": part["contribution_id"],
        "kind": part["kind"],
        "title": part["title"],
        "document": part["document"],
        "version_id": part["version_id"],
        "version": part["version"],
        "carried_over_from": [area["title"] for area in part["through"]],
        "status": part["status"],
        "status_text": _status_text(part["status"], part["status_note"]),
        "goals": [
            {
                "id": goal["goal_id"],
                "title": goal["title"],
                "version": goal["version"],
                "status": goal["status"],
                "status_text": _status_text(goal["status"], goal["status_note"]),
                "indicators": _indicators_out(goal["indicators"]),
            }
            for goal in part["goals"]
        ],
        "activities": [
            {
                "id": a["id"],
                "name": a["name"],
                "organiser": a["organiser"],
                "participants": a["participants"],
                "is_example": a["example"],
            }
            for a in part["activities"]
        ],
        "measures": [
            {
                "id": m["id"],
                "title": m["title"],
                "responsible": m["responsible"],
                "plan": m["plan"],
                "status": m["status"],
                "status_text": m["status_label"],
                "is_example": m["example"],
            }
            for m in part["measures"]
        ],
        "is_example": part["example"],
    }


@strategy.get(
    "/versions/{version_id}/contributions",
    response={200: schemas.VersionContributionsOut, **READ_ONE},
)
def version_contributions(request, version_id: Path[schemas.Id]):
    """One follow-up across documents (`followup/across.py`, docs/followup-across.md): per goal
    of the version, the parts of other documents that contribute to it; and the goals of other
    documents the version contributes to. Each part with its goals' statuses, activities and
    measures, as far as the caller may see them."""
    version = strategy_access.get_version_for_view(request.user, version_id)
    sight = followup_access.contribution_sight(request.user)
    received = across.contributions_to(version, sight)
    goals = Goal.objects.filter(area__version=version, pk__in=list(received)).order_by(
        "area__order", "area_id", "order", "id"
    )
    return {
        "version_id": version.pk,
        "goals": [
            {
                "id": goal.pk,
                "title": goal.title,
                "parts": [_part_out(p) for p in received[goal.pk]],
            }
            for goal in goals
        ],
        "contributes_to": [
            {
                "id": goal["goal_id"],
                "title": goal["title"],
                "document": goal["document"],
                "version_id": goal["version_id"],
                "version": goal["version"],
                "status": goal["status"],
                "status_text": _status_text(goal["status"], goal["status_note"]),
                "indicators": _indicators_out(goal["indicators"]),
                "parts": [_part_out(p) for p in goal["parts"]],
            }
            for goal in across.contributed_goals(version, sight)
        ],
    }


@strategy.get("/versions/{version_id}/status", response={200: schemas.VersionStatusOut, **READ_ONE})
def version_status(request, version_id: Path[schemas.Id]):
    """The follow-up status of every area, goal and indicator of a version, for the home
    municipality, in the words and symbols the pages and reports use (`followup/status.py`):
    a goal or area whose mean hides a deteriorating indicator says so in `status_text`."""
    version = strategy_access.get_version_for_view(request.user, version_id)
    followup = version_followup(version)
    return {
        "version_id": version.pk,
        "home": followup.home,
        "home_name": followup.home_name,
        "vocabulary": followup_status.vocabulary(),
        "areas": [
            {
                **_summary_out(area.area, area.summary),
                "goals": [
                    {
                        **_summary_out(goal.goal, goal.summary),
                        "indicators": [
                            {
                                "link_id": row.item.link.pk,
                                "indicator_id": row.item.link.indicator_id,
                                "title": row.title,
                                "status": row.status,
                                "status_text": followup_status.status_text(row.status),
                                "latest": row.latest,
                                "gap": row.gap,
                                "reason": row.reason,
                                "is_example": row.item.example,
                            }
                            for row in goal.rows
                        ],
                    }
                    for goal in area.goals
                ],
            }
            for area in grid(followup)
        ],
    }


# --- indicators (the catalogue is public: definitions, not decisions) -----------------------

indicators = Router(tags=["indicators"])


def _indicator_out(indicator: Indicator) -> dict:
    return {
        "id": indicator.pk,
        "title": indicator.title,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "source": indicator.source_kind,
        "source_key": indicator.source_key,
        "direction": indicator.direction,
        "responsible": indicator.responsible.name if indicator.responsible_id else None,
    }


@indicators.get("/indicators", response={200: list[schemas.IndicatorOut]})
def indicator_list(request):
    return [
        _indicator_out(i)
        for i in Indicator.objects.select_related("responsible").order_by("title", "pk")
    ]


@indicators.get("/indicators/{indicator_id}", response={200: schemas.IndicatorOut, **FOUND})
def indicator_detail(request, indicator_id: Path[schemas.Id]):
    return _indicator_out(indicator_access.get_indicator_for_view(request.user, indicator_id))


class ObservationFilter(schemas.Schema):
    area: schemas.AreaCode | None = None
    gender: schemas.Gender | None = None
    year_from: schemas.Year | None = None
    year_to: schemas.Year | None = None


@indicators.get(
    "/indicators/{indicator_id}/observations",
    response={200: list[schemas.ObservationOut], **FOUND},
)
def observation_list(request, indicator_id: Path[schemas.Id], filters: Query[ObservationFilter]):
    indicator_access.get_indicator_for_view(request.user, indicator_id)
    rows = Observation.objects.filter(indicator_id=indicator_id)
    if filters.area:
        rows = rows.filter(area_code=filters.area)
    if filters.gender:
        rows = rows.filter(gender=filters.gender)
    if filters.year_from is not None:
        rows = rows.filter(period__gte=filters.year_from)
    if filters.year_to is not None:
        rows = rows.filter(period__lte=filters.year_to)
    rows = rows.order_by("area_code", "period", "gender", "breakdown")
    return [
        {
            "area_code": area_code,
            "period": period,
            "gender": gender,
            "breakdown": breakdown,
            "value": value,
            "status": status,
            "source": source,
            "is_example": is_example,
        }
        for area_code, period, gender, breakdown, value, status, source, is_example in (
            rows.values_list(
                "area_code",
                "period",
                "gender",
                "breakdown",
                "value",
                "status",
                "batch__source",
                "batch__is_example",
            )
        )
    ]


# --- activities and action plans ------------------------------------------------------------

plans = Router(tags=["activities and action plans"])


class ActivityFilter(schemas.Schema):
    mapping_round: schemas.Id | None = None
    organiser: schemas.Id | None = None
    goal: schemas.Id | None = None


@plans.get("/activities", response={200: list[schemas.ActivityOut], **READ})
def activity_list(request, filters: Query[ActivityFilter]):
    activities = activity_access.visible_activities(request.user).select_related("organiser")
    if filters.mapping_round is not None:
        activities = activities.filter(mapping_round_id=filters.mapping_round)
    if filters.organiser is not None:
        activities = activities.filter(organiser_id=filters.organiser)
    if filters.goal is not None:
        activities = activities.filter(goals=filters.goal)
    activities = activities.prefetch_related("areas", "goals").order_by("name", "pk")
    return [
        {
            **{
                field: getattr(activity, field)
                for field in (
                    "id",
                    "name",
                    "description",
                    "organiser_id",
                    "mapping_round_id",
                    "target_group",
                    "age_from",
                    "age_to",
                    "location",
                    "reach",
                    "participants",
                    "participants_girls",
                    "participants_boys",
                    "cost_sek",
                    "hours",
                    "start_year",
                    "end_year",
                    "is_example",
                )
            },
            "organiser": activity.organiser.name,
            "area_ids": [a.pk for a in activity.areas.all()],
            "goal_ids": [g.pk for g in activity.goals.all()],
        }
        for activity in activities
    ]


def _plan_out(plan) -> dict:
    return {
        "id": plan.pk,
        "version_id": plan.version_id,
        "year": plan.year,
        "title": plan.title,
        "status": plan.status,
        "decision_date": plan.decision_date,
        "is_example": plan.is_example,
    }


@plans.get("/action-plans", response={200: list[schemas.ActionPlanOut]})
def action_plan_list(request):
    return [
        _plan_out(p) for p in plan_access.visible_action_plans(request.user).order_by("-year", "pk")
    ]


@plans.get("/action-plans/{plan_id}", response={200: schemas.ActionPlanDetailOut, **READ_ONE})
def action_plan_detail(request, plan_id: Path[schemas.Id]):
    plan = plan_access.get_action_plan_for_view(request.user, plan_id)
    today = timezone.localdate()
    measures = list(
        plan.measures.select_related("responsible")
        .prefetch_related("goals")
        .order_by("order", "pk")
    )
    sums = plan_services.totals(measures)
    return {
        **_plan_out(plan),
        "measures": [
            {
                "id": m.pk,
                "title": m.title,
                "description": m.description,
                "goal_ids": [g.pk for g in m.goals.all()],
                "responsible_id": m.responsible_id,
                "responsible": m.responsible.name,
                "hours": m.hours,
                "cost_sek": m.cost_sek,
                "start_date": m.start_date,
                "end_date": m.end_date,
                "status": m.status,
                "shown_status": m.shown_status(today),
                "late": m.is_late(today),
                "carried_from_id": m.carried_from_id,
                "status_revision": plan_services.status_revision(m),
                "is_example": m.is_example,
            }
            for m in measures
        ],
        "total_hours": sums["hours"],
        "total_cost_sek": sums["cost_sek"],
    }


@plans.post(
    "/measures/{measure_id}/status",
    response={201: schemas.StatusOut, **WRITE},
    auth=logged_in,
)
def measure_status(request, measure_id: Path[schemas.Id], payload: schemas.StatusIn):
    """Record a status row for a measure: an editor of its responsible organisation only."""
    measure = plan_access.get_measure_for_status(request.user, measure_id)
    try:
        with transaction.atomic():
            update = plan_services.record_measure_status(
                measure,
                status=payload.status,
                date=payload.date,
                comment=payload.comment,
                by=request.user,
                revision=payload.revision,
            )
    except plan_services.StaleStatus as stale:
        return Status(409, {"detail": stale.messages[0]})
    return Status(
        201,
        {
            "id": update.pk,
            "measure_id": measure.pk,
            "status": update.status,
            "date": update.date,
            "comment": update.comment,
            "recorded_by": str(request.user),
        },
    )


api.add_router("/", strategy)
api.add_router("/", indicators)
api.add_router("/", plans)
