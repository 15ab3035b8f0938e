"""Who may do what, per kind of object. The one place that decides it.

Views fetch objects through the `get_*` helpers here, so no view can forget a check:
- anonymous visitors see what is adopted (or repealed, still a public record);
- anyone logged in with a membership also sees drafts and versions out for consultation;
- coordinators own the steering work: they create and change documents, versions, areas,
  goals, indicators and links, and record status changes;
- editors act for their own organisation only (statements, activities, measures, local values);
- readers read.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .constants import Role


class LoginRequired(Exception):
    """Raised when an anonymous visitor asks for something that needs a login;
    the web layer answers with a redirect to the login page."""


def roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_riktning_roles", None)
    if cached is None:
        cached = set(user.memberships.values_list("role", flat=True))
        user._riktning_roles = cached
    return cached


def organisation_ids(user, role: str | None = None) -> set[int]:
    """The organisations the user acts for (with `role`, if given)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    memberships = user.memberships.all()
    if role:
        memberships = memberships.filter(role=role)
    return set(memberships.values_list("organisation_id", flat=True))


def is_member(user) -> bool:
    return bool(roles(user))


def is_coordinator(user) -> bool:
    return Role.COORDINATOR in roles(user)


# --- steering documents and versions -------------------------------------------------------


def can_view_version(user, version) -> bool:
    from riktning.strategy.constants import PUBLIC_STATUSES

    if version.status in PUBLIC_STATUSES:
        return True
    return is_member(user)


def visible_versions(user, queryset: QuerySet | None = None) -> QuerySet:
    from riktning.strategy.constants import PUBLIC_STATUSES
    from riktning.strategy.models import Version

    queryset = Version.objects.all() if queryset is None else queryset
    if is_member(user):
        return queryset
    return queryset.filter(status__in=PUBLIC_STATUSES)


def can_manage_strategy(user) -> bool:
    """Create and change documents, versions, areas, goals, indicators and links."""
    return is_coordinator(user)


def can_edit_version(user, version) -> bool:
    return can_manage_strategy(user) and not version.is_locked


def can_change_version_status(user, version) -> bool:
    return can_manage_strategy(user)


def can_view_history(user) -> bool:
    return is_coordinator(user)


# --- things an organisation owns ------------------------------------------------------------


def can_act_for(user, organisation) -> bool:
    """May the user write on behalf of `organisation` (its statements, activities, measures,
    local indicator values)? Coordinators may act for anyone; editors for their own only."""
    if organisation is None:
        return is_coordinator(user)
    if is_coordinator(user):
        return True
    return organisation.pk in organisation_ids(user, Role.EDITOR)


def can_enter_data(user, indicator) -> bool:
    """May the user upload or type in values of `indicator`? The coordinator for every indicator;
    an editor for an indicator their organisation is responsible for, directly or through one of
    its parts (a unit of the administration); readers and anonymous visitors never."""
    if is_coordinator(user):
        return True
    responsible = indicator.responsible
    if responsible is None:
        return False
    return any(can_act_for(user, org) for org in [responsible, *responsible.ancestors()])


# --- fetchers: every view gets its objects through these ------------------------------------


def _refuse(user):
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    raise Http404


def _visible(user, queryset, allowed):
    """The object `queryset` finds, if `allowed(obj)`; else 404, or the login page for an
    anonymous visitor (logged in, they may see more). For fetching something to read."""
    obj = queryset.first()
    if obj is None:
        raise Http404
    if not allowed(obj):
        _refuse(user)
    return obj


def _own(user, queryset, allowed):
    """The object `queryset` finds, for acting on it: the login page first for an anonymous
    visitor, 404 if it does not exist, 403 unless `allowed(obj)` (say, another organisation's)."""
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    obj = queryset.first()
    if obj is None:
        raise Http404
    if not allowed(obj):
        raise PermissionDenied
    return obj


def get_version_for_view(user, pk) -> "Version":  # noqa: F821
    from riktning.strategy.models import Version

    versions = Version.objects.select_related("document").filter(pk=pk)
    return _visible(user, versions, lambda version: can_view_version(user, version))


def get_document_for_view(user, pk):
    from riktning.strategy.models import SteeringDocument

    return _visible(
        user,
        SteeringDocument.objects.filter(pk=pk),
        lambda document: (
            is_member(user) or visible_versions(user, document.versions.all()).exists()
        ),
    )


def get_area_for_view(user, pk):
    from riktning.strategy.models import DevelopmentArea

    areas = DevelopmentArea.objects.select_related("version__document").filter(pk=pk)
    return _visible(user, areas, lambda area: can_view_version(user, area.version))


def get_goal_for_view(user, pk):
    from riktning.strategy.models import Goal

    goals = Goal.objects.select_related("area__version__document").filter(pk=pk)
    return _visible(user, goals, lambda goal: can_view_version(user, goal.area.version))


def require_strategy_manager(user) -> None:
    """For the coordinator's forms."""
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    if not can_manage_strategy(user):
        raise PermissionDenied


def get_version_for_edit(user, pk):
    """A version whose content the user may change; refuses adopted versions with a reason."""
    require_strategy_manager(user)
    from riktning.strategy.models import Version

    version = Version.objects.select_related("document").filter(pk=pk).first()
    if version is None:
        raise Http404
    return version


# --- indicator data from external sources (Kolada) -------------------------------------------


def can_sync_sources(user) -> bool:
    """Fetching values from Kolada for the whole catalogue is the coordinator's."""
    return can_manage_strategy(user)


def get_sync_job_for_view(user, pk):
    """A Kolada sync job: the coordinator's to start and follow."""
    require_strategy_manager(user)
    from riktning.indicators.models import SyncJob

    job = SyncJob.objects.select_related("batch", "requested_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def get_indicator_for_data_entry(user, pk):
    """An indicator whose values the user may upload or type in."""
    from riktning.indicators.models import Indicator

    indicators = Indicator.objects.select_related("responsible").filter(pk=pk)
    return _own(user, indicators, lambda indicator: can_enter_data(user, indicator))


# --- consultation ----------------------------------------------------------------------------
# Rounds: the coordinator opens and sends them and records dispositions. Members see a round and
# its submitted statements; anonymous visitors see a round only once its version is adopted (or
# repealed): then the answers are part of the public record of the decision.
# Statements: an editor writes and submits only their own organisation's statement, where "own"
# is the recipient itself or a body directly part of it (a committee's administration prepares
# the committee's statement). A draft is the organisation's own: nobody else reads it, not even
# the coordinator (who sees only that a draft was started). A submitted statement is public to
# whoever may see the round.


def can_run_rounds(user) -> bool:
    return is_coordinator(user)


def can_view_round(user, round) -> bool:
    from riktning.strategy.constants import PUBLIC_STATUSES

    if is_member(user):
        return True
    return round.version.status in PUBLIC_STATUSES


def can_write_statement_for(user, organisation) -> bool:
    """An editor of the recipient, or of a body directly part of it."""
    editor_of = organisation_ids(user, Role.EDITOR)
    if organisation.pk in editor_of:
        return True
    return organisation.children.filter(pk__in=editor_of).exists()


def can_view_statement(user, statement) -> bool:
    if statement.is_submitted:
        return can_view_round(user, statement.round)
    if statement.is_registered:
        return is_coordinator(user)
    return can_write_statement_for(user, statement.organisation)


def can_edit_statement(user, statement) -> bool:
    """A draft, by its own organisation's editors; a draft the coordinator registers from a
    statement received outside Riktning, by the coordinator only."""
    if statement.is_submitted:
        return False
    if statement.is_registered:
        return is_coordinator(user)
    return can_write_statement_for(user, statement.organisation)


def can_register_statement(user, recipient) -> bool:
    """The coordinator registers a statement that a recipient of the round sent outside
    Riktning (on paper, by e-mail); only for a recipient of that round (the caller fetches the
    Recipient row of the round, so a non-recipient has none)."""
    return is_coordinator(user) and recipient.pk is not None


def can_view_decision_proposal(user, round) -> bool:
    """The proposal for a decision is the coordinator's working document: members read it."""
    return is_member(user) and can_view_round(user, round)


def can_edit_decision_proposal(user, round) -> bool:
    return is_coordinator(user)


def can_record_disposition(user, comment) -> bool:
    return is_coordinator(user) and comment.statement.is_submitted


def get_round_for_view(user, pk):
    from riktning.consultation.models import Round

    rounds = Round.objects.select_related("version__document").filter(pk=pk)
    return _visible(user, rounds, lambda round: can_view_round(user, round))


def get_round_for_manage(user, pk):
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    if not can_run_rounds(user):
        raise PermissionDenied
    from riktning.consultation.models import Round

    round = Round.objects.select_related("version__document").filter(pk=pk).first()
    if round is None:
        raise Http404
    return round


def get_recipient_for_statement(user, round_pk, organisation_pk):
    """The recipient whose statement the user may write; refuses others' organisations."""
    from riktning.consultation.models import Recipient

    recipients = Recipient.objects.select_related("round__version", "organisation").filter(
        round_id=round_pk, organisation_id=organisation_pk
    )
    return _own(user, recipients, lambda r: can_write_statement_for(user, r.organisation))


def get_statement_for_view(user, pk):
    from riktning.consultation.models import Statement

    statements = Statement.objects.select_related(
        "round__version__document", "organisation"
    ).filter(pk=pk)
    return _visible(user, statements, lambda statement: can_view_statement(user, statement))


def get_statement_for_edit(user, pk):
    statement = get_statement_for_view(user, pk)
    if statement.is_registered and not statement.is_submitted:
        allowed = is_coordinator(user)
    else:
        allowed = can_write_statement_for(user, statement.organisation)
    if not allowed:
        raise PermissionDenied
    return statement


def get_comment_for_disposition(user, pk):
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    if not can_run_rounds(user):
        raise PermissionDenied
    from riktning.consultation.models import Comment

    comment = (
        Comment.objects.select_related("statement__round__version", "statement__organisation")
        .filter(pk=pk)
        .first()
    )
    if comment is None or not comment.statement.is_submitted:
        raise Http404
    return comment


def get_attachment_for_download(user, pk):
    """A statement's attachment, for whoever may see the statement (a draft's: only its own
    organisation, or the coordinator for a draft they register)."""
    from riktning.consultation.models import Attachment

    attachments = Attachment.objects.select_related(
        "statement__round__version", "statement__organisation"
    ).filter(pk=pk)
    return _visible(user, attachments, lambda a: can_view_statement(user, a.statement))


def get_attachment_for_edit(user, pk):
    attachment = get_attachment_for_download(user, pk)
    if not can_edit_statement(user, attachment.statement):
        raise PermissionDenied
    return attachment


def get_recipient_for_registering(user, round_pk, organisation_pk):
    """The recipient on whose behalf the coordinator registers a statement; 404 for an
    organisation that is not a recipient of the round."""
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    if not is_coordinator(user):
        raise PermissionDenied
    from riktning.consultation.models import Recipient

    recipient = (
        Recipient.objects.select_related("round__version", "organisation")
        .filter(round_id=round_pk, organisation_id=organisation_pk)
        .first()
    )
    if recipient is None:
        raise Http404
    return recipient


def get_round_for_decision_proposal(user, pk, *, edit: bool = False):
    round = get_round_for_view(user, pk)
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    allowed = (
        can_edit_decision_proposal(user, round) if edit else can_view_decision_proposal(user, round)
    )
    if not allowed:
        raise PermissionDenied
    return round


# --- activities and action plans ------------------------------------------------------------
# Mapping rounds and activities: members see everything; the public sees a round and the
# activities reported in it once the round is closed (what bodies reported is then a public
# record, like a statement; while a round is open its answers are work in progress).
# Action plans: members see drafts; the public sees adopted plans only.


def can_view_mapping_round(user, mapping_round) -> bool:
    from riktning.activities.constants import RoundStatus

    if is_member(user):
        return True
    return mapping_round.status == RoundStatus.CLOSED


def visible_mapping_rounds(user, queryset: QuerySet | None = None) -> QuerySet:
    from riktning.activities.constants import RoundStatus
    from riktning.activities.models import MappingRound

    queryset = MappingRound.objects.all() if queryset is None else queryset
    if is_member(user):
        return queryset
    return queryset.filter(status=RoundStatus.CLOSED)


def visible_activities(user, queryset: QuerySet | None = None) -> QuerySet:
    from riktning.activities.constants import RoundStatus
    from riktning.activities.models import Activity

    queryset = Activity.objects.all() if queryset is None else queryset
    if is_member(user):
        return queryset
    return queryset.filter(mapping_round__status=RoundStatus.CLOSED)


def can_manage_mapping(user) -> bool:
    """Open and close mapping rounds: the coordinator's."""
    return is_coordinator(user)


def can_report_in_round(user, mapping_round) -> bool:
    """The coordinator, or an editor of an invited organisation, while the round is open."""
    if not mapping_round.is_open:
        return False
    if is_coordinator(user):
        return True
    invited = set(mapping_round.invited.values_list("pk", flat=True))
    return bool(invited & organisation_ids(user, Role.EDITOR))


def can_edit_activity(user, activity) -> bool:
    return can_act_for(user, activity.organiser)


def visible_action_plans(user, queryset: QuerySet | None = None) -> QuerySet:
    from riktning.actionplans.constants import PlanStatus
    from riktning.actionplans.models import ActionPlan

    queryset = ActionPlan.objects.all() if queryset is None else queryset
    if is_member(user):
        return queryset
    return queryset.filter(status=PlanStatus.ADOPTED)


def can_manage_action_plans(user) -> bool:
    """Create plans, add and change measures in a draft plan, adopt: the coordinator's."""
    return is_coordinator(user)


def can_record_measure_status(user, measure) -> bool:
    """Progress is reported by the responsible organisation's editors (and the coordinator)."""
    return can_act_for(user, measure.responsible)


def get_mapping_round_for_view(user, pk):
    from riktning.activities.models import MappingRound

    rounds = MappingRound.objects.filter(pk=pk)
    return _visible(user, rounds, lambda mapping_round: can_view_mapping_round(user, mapping_round))


def get_mapping_round_for_report(user, pk):
    """A round the user may report an activity in (refused once it is closed)."""
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    mapping_round = get_mapping_round_for_view(user, pk)
    if not can_report_in_round(user, mapping_round) and mapping_round.is_open:
        raise PermissionDenied
    return mapping_round


def get_activity_for_edit(user, pk):
    from riktning.activities.models import Activity

    activities = Activity.objects.select_related("organiser", "mapping_round").filter(pk=pk)
    return _own(user, activities, lambda activity: can_edit_activity(user, activity))


def require_mapping_manager(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    if not can_manage_mapping(user):
        raise PermissionDenied


def get_action_plan_for_view(user, pk):
    from riktning.actionplans.models import ActionPlan

    plans = ActionPlan.objects.select_related("version__document").filter(pk=pk)
    return _visible(
        user,
        plans,
        lambda plan: visible_action_plans(user, ActionPlan.objects.filter(pk=plan.pk)).exists(),
    )


def require_action_plan_manager(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    if not can_manage_action_plans(user):
        raise PermissionDenied


def get_action_plan_for_edit(user, pk):
    require_action_plan_manager(user)
    return get_action_plan_for_view(user, pk)


def get_measure_for_edit(user, pk):
    """A measure of a plan the coordinator may change (the view refuses adopted plans)."""
    require_action_plan_manager(user)
    from riktning.actionplans.models import Measure

    measure = Measure.objects.select_related("plan", "responsible").filter(pk=pk).first()
    if measure is None:
        raise Http404
    return measure


def get_measure_for_status(user, pk):
    from riktning.actionplans.models import Measure

    measures = Measure.objects.select_related("plan", "responsible").filter(pk=pk)
    return _own(user, measures, lambda measure: can_record_measure_status(user, measure))


def can_view_analysis(user) -> bool:
    """The gap analysis and the conclusions per goal are working material: members only."""
    return is_member(user)


def can_record_conclusion(user) -> bool:
    return is_coordinator(user)


def require_analysis_reader(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    if not can_view_analysis(user):
        raise PermissionDenied


def get_goal_for_conclusion(user, pk):
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    if not can_record_conclusion(user):
        raise PermissionDenied
    return get_goal_for_view(user, pk)


def get_reporting_link_for_edit(user, pk):
    """Personal links are made and revoked by the coordinator."""
    require_mapping_manager(user)
    from riktning.activities.models import ReportingLink

    link = ReportingLink.objects.select_related("mapping_round").filter(pk=pk).first()
    if link is None:
        raise Http404
    return link


# --- the audit trail (issue 7) --------------------------------------------------------------


def require_audit_reader(user) -> None:
    """The event log is for the coordinator (can_view_history)."""
    if not getattr(user, "is_authenticated", False):
        raise LoginRequired
    if not can_view_history(user):
        raise PermissionDenied


PARTS_OF_A_STATEMENT = ("consultation.comment", "consultation.attachment")


def get_object_for_history(user, app_label: str, model_name: str, pk: int):
    """(model, object or None) for the "Historik" page: the coordinator's, for the kinds of
    object in audit.history.HISTORY_KINDS only (anything else is 404: users, sessions). The
    object may have been deleted since (None). A consultation statement, with its comments and
    attachments, is its organisation's own until submitted (see above), so its history is 404
    until then."""
    require_audit_reader(user)
    from riktning.audit.history import history_model

    model = history_model(app_label, model_name)
    if model is None:
        raise Http404
    obj = model.objects.filter(pk=pk).first()
    statement = None
    if model._meta.label_lower == "consultation.statement":
        statement = obj
    elif model._meta.label_lower in PARTS_OF_A_STATEMENT and obj is not None:
        statement = obj.statement
    if statement is not None and not statement.is_submitted:
        raise Http404
    return model, obj


# --- the yearly follow-up (issue 4) ---------------------------------------------------------
# The coordinator starts, approves and edits everything. An editor writes the analysis of an
# area when their organisation (or one it belongs under, as can_enter_data) is responsible for
# at least one of the area's indicators, and may then send the follow-up for review. Members
# read drafts; the public sees an approved follow-up of a public version only.


def can_manage_followups(user) -> bool:
    return is_coordinator(user)


def can_view_followup(user, followup) -> bool:
    if not can_view_version(user, followup.version):
        return False
    return followup.is_approved or is_member(user)


def visible_followups(user, queryset: QuerySet):
    if is_member(user):
        return queryset
    from riktning.followup.models import FollowUpStatus

    return queryset.filter(status=FollowUpStatus.APPROVED)


def area_indicators(area):
    from riktning.indicators.models import Indicator

    return Indicator.objects.filter(goal_links__goal__area=area).select_related("responsible")


def can_write_area_analysis(user, area) -> bool:
    if is_coordinator(user):
        return True
    if not organisation_ids(user, Role.EDITOR):
        return False
    return any(can_enter_data(user, indicator) for indicator in area_indicators(area))


def can_edit_analysis(user, analysis) -> bool:
    return analysis.followup.is_draft and can_write_area_analysis(user, analysis.area)


def can_submit_followup(user, followup) -> bool:
    if not followup.is_draft:
        return False
    if is_coordinator(user):
        return True
    return any(can_write_area_analysis(user, a.area) for a in followup.analyses.all())


def can_move_followup(user, followup, to_status: str) -> bool:
    """Sending a draft for review: can_submit_followup; approving it or returning it to a
    draft: the coordinator's."""
    from riktning.followup.models import FollowUpStatus

    if to_status == FollowUpStatus.READY_FOR_REVIEW:
        return can_submit_followup(user, followup)
    return can_manage_followups(user)


def get_followup_for_move(user, pk, to_status: str):
    """A follow-up the user may move to `to_status`. Refused with 403, an anonymous visitor
    too, where the follow-up is public (there is nothing to log in for)."""
    followup = get_followup_for_view(user, pk)
    if not can_move_followup(user, followup, to_status):
        raise PermissionDenied
    return followup


def get_followup_for_view(user, pk):
    from riktning.followup.models import FollowUp

    followups = FollowUp.objects.select_related("version__document").filter(pk=pk)
    return _visible(user, followups, lambda followup: can_view_followup(user, followup))


def get_analysis_for_edit(user, pk):
    from riktning.followup.models import AreaAnalysis

    analyses = AreaAnalysis.objects.select_related("followup__version", "area").filter(pk=pk)
    return _own(user, analyses, lambda analysis: can_write_area_analysis(user, analysis.area))


# --- the next version after a round, and comparing versions (issue 6, item 5) ---------------
# Creating the next version from a round is the coordinator's (can_run_rounds). Its result page
# (which proposals were applied) is for whoever may see both the round and the new version.
# Comparing two versions needs no rule of its own: whoever may view both (get_version_for_view).


def get_next_version_for_view(user, version_pk):
    """The record of a version created from a round, by the new version's pk."""
    from riktning.consultation.models import NextVersion

    records = NextVersion.objects.select_related(
        "round__version__document", "version__document"
    ).filter(version_id=version_pk)
    return _visible(
        user,
        records,
        lambda record: (
            can_view_round(user, record.round) and can_view_version(user, record.version)
        ),
    )
