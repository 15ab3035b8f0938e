"""Who may do what, for every URL of Riktning: one table, keyed by URL name, that says what each
persona gets from each page. A URL the resolver knows and the table does not fails the test with
the names to add, so a new view cannot reach CI without someone deciding who may open it.

The personas are the tests' (riktning/accounts/tests/personas.py), played by the demo's people:
the anonymous visitor, a reader at the municipality, an editor at Socialförvaltningen
(social_editor), an editor at Bildningsförvaltningen (bildning_editor) and the coordinator. The
objects are the demo's too (seeded once for the module, rolled back after it), plus a few the demo
does not have: a draft statement of Socialförvaltningen with a comment, a personal reporting link,
a Kolada sync job.

Three checks run over the table:
- GET as every persona gives the status in the table (a redirect to the login page for an
  anonymous visitor where a login is needed, 403 for a person without the right, 404 for what the
  person may not know exists, 405 for a URL that only takes POST, once the access check has let
  the person through);
- POST to every state-changing URL as every persona without the right is refused the same way,
  with a valid CSRF token (the test client's default), and changes nothing in the database;
- POST without a CSRF token to every URL is refused with 403, even for the coordinator.

To add a URL: one line in URLS, with `page(...)` (reads), `form(...)` (a page whose POST writes)
or `action(...)` (a POST-only button), its arguments from the objects (`lambda w: [w.goal.pk]`;
add an object to _make_world if none fits) and what each persona gets, written `gets(anonymous,
reader, social_editor, bildning_editor, coordinator)` or one of the usual rows (PUBLIC, MEMBERS,
COORDINATOR, SOCIAL_EDITOR, OWN_DRAFT...). Django's admin is checked at its index and login only:
it guards all its views with is_staff itself.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from riktning.accounts.tests.personas import PERSONAS, gets

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The demo's people behind the personas (riktning/accounts/tests/personas.py).
USERNAMES = {
    "reader": "lasare",
    "social_editor": "social",
    "bildning_editor": "bildning",
    "coordinator": "samordnare",
}

# Statuses. LOGIN: a redirect to the login page (what an anonymous visitor gets where a login is
# needed). OK means 200; REDIRECT a redirect that is not to the login page (a form's own answer).
LOGIN = "login"
OK = 200
REDIRECT = "redirect"
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
UNAUTHORIZED = 401  # the API's answer where the web asks for a login
REFUSALS = {LOGIN, UNAUTHORIZED, FORBIDDEN, NOT_FOUND}


# The usual rows.
PUBLIC = gets(OK, OK, OK, OK, OK)
MEMBERS = gets(LOGIN, OK, OK, OK, OK)
COORDINATOR = gets(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
POST_ONLY = gets(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)
NOBODY = gets(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
FORBIDDEN_BUT_COORDINATOR = gets(FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
API_MEMBERS = gets(UNAUTHORIZED, OK, OK, OK, OK)


@dataclass(frozen=True)
class Row:
    """What each persona gets from one URL.

    args: the URL's arguments, from the module's objects (`w`). get: persona → status of a GET.
    post: persona → status of a POST, for a URL that changes something (None: it changes nothing;
    a GET-only page). Only refusals are tried: a POST the persona may make is not sent."""

    args: Callable[[SimpleNamespace], list] = lambda w: []
    get: dict = None
    post: dict | None = None
    json: dict | None = None  # for the API: a POST's valid JSON body (refused for the right alone)


# --- the objects ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo and a few more objects, made once for the module inside a transaction that is
    rolled back at its end (what Django's setUpTestData does); each test runs in a savepoint.
    Uploaded files go to a temporary folder."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=media),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _make_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _make_world() -> SimpleNamespace:
    from riktning.accounts.models import Organisation, User
    from riktning.actionplans.models import ActionPlan
    from riktning.activities.constants import RoundStatus
    from riktning.activities.models import Activity, DuplicateDecision, MappingRound
    from riktning.activities.services import create_reporting_link
    from riktning.consultation import services as consultation
    from riktning.consultation.constants import StatementStatus
    from riktning.consultation.models import ChangeLink, Comment, Round, Statement
    from riktning.consultation.tests.files import PDF, upload
    from riktning.cycle.models import Cycle
    from riktning.devtools.demo import seed_demo
    from riktning.followup.models import FollowUp
    from riktning.indicators.models import Indicator, SyncJob
    from riktning.strategy.constants import IndicatorRole, VersionStatus
    from riktning.strategy.models import Goal, GoalIndicator, Section, Version
    from riktning.strategy.services import create_version_from

    seed_demo()
    users = {persona: User.objects.get(username=name) for persona, name in USERNAMES.items()}
    adopted = Version.objects.get(status=VersionStatus.ADOPTED)
    round = Round.objects.get()
    draft = round.version  # the 2024 revision of the adopted strategy, out for consultation
    assert draft.status == VersionStatus.CONSULTATION and draft.document == adopted.document
    # The demo's draft (out for consultation) has areas but no goals yet: give one a goal that
    # follows an indicator, for the comments and the follow-up. Out for consultation, the draft
    # is frozen (Goal.save refuses), so they are written raw, as if made before it was sent.
    area = draft.areas.first()
    (goal,) = Goal.objects.bulk_create(
        [Goal(area=area, order=9, title="Ett mål att pröva åtkomsten med")]
    )
    indicator = Indicator.objects.filter(goal_links__isnull=False).first()
    GoalIndicator.objects.bulk_create(
        [GoalIndicator(goal=goal, indicator=indicator, role=IndicatorRole.PRIMARY)]
    )
    # The coordinator's content forms need a version that is still a draft: a new version of the
    # adopted one, with a copy of its content.
    editable = create_version_from(adopted, title="Utkast att pröva åtkomsten med")
    edit_goal = Goal.objects.filter(area__version=editable, indicator_links__isnull=False).first()
    social = Organisation.objects.get(name="Socialförvaltningen")
    open_round = MappingRound.objects.filter(status=RoundStatus.OPEN).first()
    closed_round = MappingRound.objects.filter(status=RoundStatus.CLOSED).first()
    # Socialförvaltningen is invited to the open mapping round, Bildningsförvaltningen is not.
    open_round.invited.add(social)
    open_round.invited.remove(Organisation.objects.get(name="Bildningsförvaltningen"))
    link, token = create_reporting_link(open_round, social, by=users["coordinator"])
    recipient = round.recipients.filter(organisation=social).first() or round.recipients.create(
        organisation=social
    )
    draft_statement = consultation.start_statement(recipient, by=users["social_editor"])
    comment = Comment.objects.create(statement=draft_statement, goal=goal, text="Bra mål.")
    attachment = consultation.add_attachment(
        draft_statement, by=users["social_editor"], upload=upload("Protokollsutdrag.pdf", PDF)
    )
    submitted = Statement.objects.filter(status=StatementStatus.SUBMITTED).first()
    # A submitted statement never changes (Comment.save refuses), so its comment is written raw.
    (submitted_comment,) = Comment.objects.bulk_create(
        [Comment(statement=submitted, goal=goal, text="Synpunkt att ta ställning till.")]
    )
    assert round.decision_proposal  # the demo round carries a draft proposal for a decision
    change_link = ChangeLink.objects.create(
        comment=submitted_comment, version=draft, part_kind="area", part_id=area.pk
    )
    plan = ActionPlan.objects.get()
    followup = FollowUp.objects.get()
    activity = Activity.objects.filter(organiser=social).first() or Activity.objects.first()
    local = Indicator.objects.filter(responsible=social).first() or indicator
    job = SyncJob.objects.create(
        requested_by=users["coordinator"],
        kpis="N15418",
        areas="1287",
        first_year=2020,
        last_year=2021,
    )
    return SimpleNamespace(
        users=users,
        document=draft.document,
        adopted=adopted,
        draft=draft,
        area=area,
        goal=goal,
        goal_indicator=goal.indicator_links.exclude(indicator=None).first(),
        editable=editable,
        edit_area=edit_goal.area,
        edit_goal=edit_goal,
        edit_link=edit_goal.indicator_links.first(),
        edit_section=Section.objects.create(
            version=editable, order=99, heading="Ett avsnitt att pröva"
        ),
        indicator=indicator,
        local_indicator=local,
        job=job,
        open_round=open_round,
        closed_round=closed_round,
        link=link,
        token=token,
        activity=activity,
        other_activity=Activity.objects.exclude(pk=activity.pk).first(),
        decision=DuplicateDecision.objects.create(
            kind="activity", first_id=1, second_id=2, verdict="dismissed"
        ),
        plan=plan,
        measure=plan.measures.filter(responsible=social).first() or plan.measures.first(),
        round=round,
        social=social,
        submitted_statement=submitted,
        submitted_comment=submitted_comment,
        change_link=change_link,
        attachment=attachment,
        draft_statement=draft_statement,
        comment=comment,
        followup=followup,
        analysis=followup.analyses.first(),
        cycle=Cycle.objects.get(),
    )


@pytest.fixture(scope="module")
def clients(world, django_db_blocker) -> dict[str, Client]:
    made = {"anonymous": Client()}
    with django_db_blocker.unblock():
        for persona, user in world.users.items():
            client = Client()
            client.force_login(user)
            made[persona] = client
    return made


# --- every URL the resolver knows --------------------------------------------------------------


def url_names(patterns=None, namespace: str = "") -> list[str]:
    """Every named URL pattern, with its namespace ("web:goal_detail", "admin:index")."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


# --- the table -----------------------------------------------------------------------------------
# URL name → Row. Arguments come from the module's objects (`w`, see _make_world): `w.draft` is
# the demo's version out for consultation (members only), `w.adopted` the adopted one (public).

ADMIN_LOGIN = "admin login"  # Django's admin sends everyone who is not staff to its own login
# Socialförvaltningen's editors and the coordinator
SOCIAL_EDITOR = gets(LOGIN, FORBIDDEN, OK, FORBIDDEN, OK)
# Socialförvaltningen's draft statement: its own only
OWN_DRAFT = gets(LOGIN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND)


def form(args, get=COORDINATOR, post=COORDINATOR) -> Row:
    """A page with a form that writes: `post` are the refusals a POST meets."""
    return Row(args=args, get=get, post=post)


def page(args=lambda w: [], get=PUBLIC) -> Row:
    """A page that only reads."""
    return Row(args=args, get=get)


def action(args, post=COORDINATOR) -> Row:
    """A button: POST only. Every button checks access first and then refuses any other method
    with 405 (web/views/edit_common.post_only), so a GET meets the POST's refusals, and 405 where
    the persona has the right."""
    get = {persona: got if got in REFUSALS else NOT_ALLOWED for persona, got in post.items()}
    return Row(args=args, get=get, post=post)


URLS: dict[str, Row] = {
    # Django's own and the site's plumbing
    "healthz": page(),
    "set_language": Row(get=gets(*[REDIRECT] * 5), post=None),
    "login": page(),
    "logout": Row(get=POST_ONLY, post=None),
    # two-factor login: anyone logged in may set up an app; with none set up, there is no code
    # to ask for and the code page sends the person on
    "two_factor_setup": form(lambda w: [], MEMBERS, gets(LOGIN, OK, OK, OK, OK)),
    # each person's own notification settings (riktning/notifications)
    "notification_settings": form(lambda w: [], MEMBERS, gets(LOGIN, OK, OK, OK, OK)),
    "two_factor_verify": form(
        lambda w: [], gets(LOGIN, *[REDIRECT] * 4), gets(LOGIN, OK, OK, OK, OK)
    ),
    # single sign-on (OpenID Connect): 404 unless configured; riktning/accounts/tests/test_sso.py
    # runs it against a real provider
    "oidc_start": page(get=gets(*[NOT_FOUND] * 5)),
    "oidc_callback": page(get=gets(*[NOT_FOUND] * 5)),
    "admin:index": page(get=gets(*[ADMIN_LOGIN] * 5)),
    "admin:login": page(),
    # reading pages
    "web:home": page(),
    "web:theme_css": page(),
    "web:document_list": page(),
    "web:document_detail": page(lambda w: [w.document.pk]),  # it has an adopted version
    "web:version_detail": page(lambda w: [w.draft.pk], MEMBERS),
    "web:version_download": page(lambda w: [w.draft.pk, "html"], MEMBERS),
    "web:carryover": page(lambda w: [w.draft.pk], MEMBERS),
    "web:area_detail": page(lambda w: [w.area.pk], MEMBERS),
    "web:goal_detail": page(lambda w: [w.goal.pk], MEMBERS),
    "web:indicator_list": page(),
    "web:indicator_detail": page(lambda w: [w.indicator.pk]),
    "web:indicator_data_csv": page(lambda w: [w.indicator.pk]),
    "web:organisation_list": page(),
    "web:equality": page(),
    # the coordinator's forms for documents, versions and their content
    "web:document_create": form(lambda w: []),
    "web:document_import": form(lambda w: []),
    # Without an import waiting for review, the coordinator is sent to the upload form.
    "web:document_import_review": page(get=gets(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT)),
    "web:document_import_change": action(lambda w: []),
    "web:document_import_confirm": action(lambda w: []),
    "web:document_edit": form(lambda w: [w.document.pk]),
    "web:version_create": form(lambda w: [w.document.pk]),
    "web:decision_create": form(lambda w: [w.document.pk]),
    "web:version_edit": form(lambda w: [w.editable.pk]),
    "web:version_status": form(lambda w: [w.draft.pk]),
    "web:area_create": form(lambda w: [w.editable.pk]),
    "web:section_create": form(lambda w: [w.editable.pk]),
    "web:carryover_create": form(lambda w: [w.editable.pk]),
    "web:contribution_create": form(lambda w: [w.editable.pk]),
    "web:area_edit": form(lambda w: [w.edit_area.pk]),
    "web:area_delete": form(lambda w: [w.edit_area.pk]),
    "web:goal_create": form(lambda w: [w.edit_area.pk]),
    "web:goal_edit": form(lambda w: [w.edit_goal.pk]),
    "web:goal_delete": form(lambda w: [w.edit_goal.pk]),
    "web:goal_indicator_create": form(lambda w: [w.edit_goal.pk]),
    "web:goal_indicator_edit": form(lambda w: [w.edit_link.pk]),
    "web:goal_indicator_delete": form(lambda w: [w.edit_link.pk]),
    "web:section_edit": form(lambda w: [w.edit_section.pk]),
    "web:section_delete": form(lambda w: [w.edit_section.pk]),
    "web:area_move": action(lambda w: [w.edit_area.pk]),
    "web:section_move": action(lambda w: [w.edit_section.pk]),
    "web:goal_move": action(lambda w: [w.edit_goal.pk]),
    "web:goal_indicator_move": action(lambda w: [w.edit_link.pk]),
    "web:indicator_create": form(lambda w: []),
    "web:indicator_edit": form(lambda w: [w.indicator.pk]),
    # Kolada and indicator values given by people
    "web:kolada_sync": form(lambda w: []),
    "web:kolada_job": page(lambda w: [w.job.pk], COORDINATOR),
    "web:kolada_job_status": page(lambda w: [w.job.pk], COORDINATOR),
    "web:data_upload": form(lambda w: [w.local_indicator.pk], SOCIAL_EDITOR, SOCIAL_EDITOR),
    "web:data_upload_confirm": action(lambda w: [w.local_indicator.pk], SOCIAL_EDITOR),
    "web:data_template_csv": page(lambda w: [w.local_indicator.pk], SOCIAL_EDITOR),
    "web:data_template_xlsx": page(lambda w: [w.local_indicator.pk], SOCIAL_EDITOR),
    "web:data_manual": form(lambda w: [w.local_indicator.pk], SOCIAL_EDITOR, SOCIAL_EDITOR),
    # mapping rounds and activities
    "web:mapping_round_list": page(),
    "web:mapping_round_detail": page(lambda w: [w.open_round.pk], MEMBERS),
    "web:mapping_round_create": form(lambda w: [w.draft.pk]),
    "web:mapping_round_remind": action(lambda w: [w.open_round.pk]),
    "web:mapping_round_close": action(lambda w: [w.open_round.pk]),
    "web:activity_create": form(lambda w: [w.open_round.pk], SOCIAL_EDITOR, SOCIAL_EDITOR),
    "web:reporting_link_create": action(lambda w: [w.open_round.pk]),
    "web:reporting_link_revoke": action(lambda w: [w.link.pk]),
    "web:report_by_link": Row(args=lambda w: [w.token], get=PUBLIC, post=None),
    "web:activity_register": page(),
    "web:activity_export": page(lambda w: ["csv"]),
    "web:activity_coverage": page(),
    "web:gap_view": page(lambda w: [w.draft.pk], MEMBERS),
    "web:conclusion_create": form(lambda w: [w.goal.pk]),
    "web:activity_edit": form(lambda w: [w.activity.pk], SOCIAL_EDITOR, SOCIAL_EDITOR),
    # double reporting: link instead (its organisation's editors), the coordinator's page
    "web:activity_link": action(lambda w: [w.open_round.pk, w.activity.pk], SOCIAL_EDITOR),
    "web:duplicate_list": page(get=COORDINATOR),
    "web:duplicate_merge": action(lambda w: ["activity", w.activity.pk, w.other_activity.pk]),
    "web:duplicate_dismiss": action(lambda w: ["activity", w.activity.pk, w.other_activity.pk]),
    "web:duplicate_undo": action(lambda w: [w.decision.pk]),
    "web:measure_carry": action(lambda w: [w.plan.pk, w.measure.pk]),
    # action plans
    "web:action_plan_list": page(),
    "web:action_plan_detail": page(lambda w: [w.plan.pk], MEMBERS),  # the demo's is a draft
    "web:action_plan_create": form(lambda w: [w.draft.pk]),
    "web:action_plan_carry_over": action(lambda w: [w.plan.pk]),
    "web:action_plan_timeline": page(lambda w: [w.plan.pk], MEMBERS),
    "web:action_plan_adopt": form(lambda w: [w.plan.pk]),
    "web:measure_create": form(lambda w: [w.plan.pk]),
    "web:action_plan_export": page(lambda w: [w.plan.pk, "xlsx"], MEMBERS),
    "web:measure_edit": form(lambda w: [w.measure.pk]),
    "web:measure_status": form(lambda w: [w.measure.pk], SOCIAL_EDITOR, SOCIAL_EDITOR),
    # consultation
    "web:round_create": form(lambda w: [w.draft.pk]),
    "web:round_detail": page(lambda w: [w.round.pk], MEMBERS),
    "web:round_send": action(lambda w: [w.round.pk]),
    "web:round_sent_outside": form(lambda w: [w.round.pk]),
    # Socialförvaltningen's editors write its statement
    "web:statement_start": action(
        lambda w: [w.round.pk, w.social.pk], gets(LOGIN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN)
    ),
    "web:recipient_decline": action(lambda w: [w.round.pk, w.social.pk]),
    "web:round_summary": page(lambda w: [w.round.pk], MEMBERS),
    "web:round_summary_by_part": page(lambda w: [w.round.pk], MEMBERS),
    "web:introduction_edit": form(lambda w: [w.round.pk]),
    "web:summary_download": page(lambda w: [w.round.pk, "html"], MEMBERS),
    "web:statement_detail": page(lambda w: [w.draft_statement.pk], OWN_DRAFT),
    "web:statement_edit": form(lambda w: [w.draft_statement.pk], OWN_DRAFT, OWN_DRAFT),
    "web:comment_create": form(lambda w: [w.draft_statement.pk], OWN_DRAFT, OWN_DRAFT),
    "web:statement_submit": form(lambda w: [w.draft_statement.pk], OWN_DRAFT, OWN_DRAFT),
    # the demo's submitted statement is another organisation's: nobody here may correct it
    "web:statement_correct": action(lambda w: [w.submitted_statement.pk], NOBODY),
    "web:comment_edit": form(lambda w: [w.comment.pk], OWN_DRAFT, OWN_DRAFT),
    "web:comment_delete": action(lambda w: [w.comment.pk], OWN_DRAFT),
    "web:disposition_edit": form(lambda w: [w.submitted_comment.pk]),
    "web:attachment_add": form(lambda w: [w.draft_statement.pk], OWN_DRAFT, OWN_DRAFT),
    "web:attachment_download": page(lambda w: [w.attachment.pk], OWN_DRAFT),
    "web:attachment_delete": action(lambda w: [w.attachment.pk], OWN_DRAFT),
    "web:statement_register": form(lambda w: [w.round.pk]),
    "web:statement_register_received": form(lambda w: [w.round.pk]),
    "web:decision_proposal": page(lambda w: [w.round.pk], MEMBERS),
    "web:decision_proposal_edit": form(lambda w: [w.round.pk]),
    "web:decision_proposal_download": page(lambda w: [w.round.pk], MEMBERS),
    # The child-rights lens (riktning/childrights): an assessment is read with what it assesses
    # and written by who may change that (a measure's by its responsible organisation's editors).
    "web:child_rights_lens": page(get=COORDINATOR),
    "web:measure_assessment": page(lambda w: [w.measure.pk], MEMBERS),
    "web:measure_assessment_edit": form(lambda w: [w.measure.pk], SOCIAL_EDITOR, SOCIAL_EDITOR),
    "web:plan_assessment_edit": form(lambda w: [w.plan.pk]),
    "web:decision_assessment_edit": form(lambda w: [w.round.pk]),
    "web:child_rights_indicator_tag": action(lambda w: []),
    "web:child_rights_indicator_untag": action(lambda w: [w.indicator.pk]),
    # the audit trail
    "web:event_log": page(get=COORDINATOR),
    "web:background_jobs": page(get=COORDINATOR),
    "web:object_history": page(lambda w: ["strategy", "goal", w.goal.pk], COORDINATOR),
    # follow-up
    "web:followup_overview": page(lambda w: [w.adopted.pk]),
    # an anonymous POST meets the same 403 as a member's (nothing to log in for: it is refused)
    "web:followup_list": form(lambda w: [w.adopted.pk], PUBLIC, FORBIDDEN_BUT_COORDINATOR),
    "web:followup_detail": page(lambda w: [w.followup.pk]),
    # the demo's follow-up is approved already: sending it for review is refused to everyone
    "web:followup_transition": action(lambda w: [w.followup.pk, "granska"], gets(*[FORBIDDEN] * 5)),
    "web:followup_download": page(lambda w: [w.followup.pk, "html"]),
    # the demo's follow-up is approved: those who may write an area's analysis
    # (Socialförvaltningen's editors, responsible for its indicators, and the coordinator) are
    # sent back to it
    "web:analysis_edit": form(
        lambda w: [w.analysis.pk],
        gets(LOGIN, FORBIDDEN, REDIRECT, FORBIDDEN, REDIRECT),
        SOCIAL_EDITOR,
    ),
    # comparing versions and the next version from a consultation
    # one earlier version to compare with: the page goes straight to the comparison
    # one earlier version to compare with: the page goes straight to the comparison
    "web:version_compare_pick": page(lambda w: [w.draft.pk], gets(LOGIN, *[REDIRECT] * 4)),
    "web:version_compare": page(lambda w: [w.adopted.pk, w.draft.pk], MEMBERS),
    "web:version_compare_download": page(lambda w: [w.adopted.pk, w.draft.pk, "html"], MEMBERS),
    "web:next_version_create": form(lambda w: [w.round.pk]),
    # the coordinator credits a change to a comment by hand, and takes the link back
    "web:change_link_create": action(lambda w: [w.draft.pk]),
    "web:change_link_delete": action(lambda w: [w.change_link.pk]),
    # the demo's draft was not made from a consultation: nothing to show anyone
    "web:next_version_result": page(lambda w: [w.draft.pk], gets(*[NOT_FOUND] * 5)),
    # the annual cycle (årshjul): the demo's 2026 cycle of the adopted strategy is public
    "web:cycle_list": form(lambda w: [], PUBLIC, COORDINATOR),
    "web:cycle_detail": page(lambda w: [w.cycle.pk]),
    "web:cycle_meetings": form(lambda w: []),
    "web:cycle_template_edit": form(lambda w: [w.cycle.document_id]),
    # every member makes and renews their own calendar address
    "web:cycle_feeds": form(lambda w: [], MEMBERS, MEMBERS),
    "web:cycle_organisation_feed": action(lambda w: [w.social.pk]),
    # a feed's address is its own key: an unknown one is 404 to everyone (tests in riktning/cycle)
    "web:cycle_feed": page(lambda w: ["ingen-sadan-nyckel"], gets(*[NOT_FOUND] * 5)),
    # the REST API (JSON)
    "api:api-root": page(get=gets(*[NOT_FOUND] * 5)),  # the API has no page of its own at its root
    "api:openapi-json": page(),
    "api:version_list": page(lambda w: []),
    "api:version_detail": page(lambda w: [w.draft.pk], API_MEMBERS),
    "api:version_status": page(lambda w: [w.draft.pk], API_MEMBERS),
    "api:version_contributions": page(lambda w: [w.draft.pk], API_MEMBERS),
    "api:indicator_list": page(),
    "api:indicator_detail": page(lambda w: [w.indicator.pk]),
    "api:observation_list": page(lambda w: [w.indicator.pk]),
    "api:activity_list": page(),
    "api:action_plan_list": page(),
    "api:action_plan_detail": page(lambda w: [w.plan.pk], API_MEMBERS),
    "api:measure_status": Row(
        args=lambda w: [w.measure.pk],
        get=POST_ONLY,
        post=gets(UNAUTHORIZED, FORBIDDEN, OK, FORBIDDEN, OK),
        json={"status": "ongoing", "comment": "Försök", "revision": 0},
    ),
}

# Django's admin guards every one of its views with is_staff (AdminSite.admin_view); of its many
# URLs the table checks the two a person meets. Every other name of the project must be listed.
UNLISTED_NAMESPACES = ("admin:",)


def outcome(response):
    """The response as the table writes it."""
    if response.status_code in (301, 302, 303):
        target = response.url
        if target.startswith(reverse(settings.LOGIN_URL)):
            return LOGIN
        if target.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return REDIRECT
    return response.status_code


def url_of(name: str, world) -> str:
    return reverse(name, args=URLS[name].args(world))


# --- the checks ----------------------------------------------------------------------------------


def test_every_url_of_the_project_is_in_the_table():
    names = [n for n in url_names() if not n.startswith(UNLISTED_NAMESPACES)]
    missing = sorted(set(names) - set(URLS))
    assert not missing, (
        "These URL names are not in tests/test_url_access.py's URLS table; add a row saying "
        f"what each persona gets: {', '.join(missing)}"
    )
    gone = sorted(set(URLS) - set(url_names()))
    assert not gone, f"These rows of URLS name no URL any more: {', '.join(gone)}"


@pytest.mark.parametrize("name", sorted(URLS))
def test_get_as_every_persona(world, clients, name):
    if name not in url_names():
        pytest.skip(f"{name} is not a URL of this project")
    url = url_of(name, world)
    got = {persona: outcome(clients[persona].get(url)) for persona in PERSONAS}
    assert got == URLS[name].get, f"GET {url}"


def writes_so_far() -> object:
    """Something that changes whenever a row is inserted, updated or deleted: SQLite's count of
    changed rows on the connection, PostgreSQL's per-transaction row counters (each test runs in a
    transaction), elsewhere a fingerprint of every row of every table."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.total_changes
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
                "FROM pg_stat_xact_user_tables"
            )
            return cursor.fetchone()[0]
    state = {}
    for model in apps.get_models():
        rows = model._base_manager.order_by("pk").values_list()
        state[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return state


def post(client: Client, name: str, url: str):
    """A POST with something to write: a form's usual fields, or the API row's JSON body."""
    if URLS[name].json is not None:
        return client.post(url, URLS[name].json, content_type="application/json")
    return client.post(url, {"title": "Försök", "text": "Försök"})


WRITES = sorted(name for name, row in URLS.items() if row.post is not None)


@pytest.mark.parametrize("name", WRITES)
def test_a_post_without_the_right_is_refused_and_changes_nothing(world, clients, name):
    if name not in url_names():
        pytest.skip(f"{name} is not a URL of this project")
    url = url_of(name, world)
    refused = [p for p in PERSONAS if URLS[name].post[p] in REFUSALS]
    for persona in refused:
        before = writes_so_far()

        got = outcome(post(clients[persona], name, url))

        assert got == URLS[name].post[persona], f"POST {url} as {persona}"
        assert writes_so_far() == before, f"POST {url} as {persona} wrote to the database"


def csrf_persona(name: str) -> str:
    """Who tries the POST without a token: someone the URL would otherwise let in, where there is
    one, so that the refusal can only come from the missing token."""
    row = URLS[name]
    rights = row.post if row.post is not None else row.get
    for persona in ("coordinator", "social_editor", "anonymous"):
        if rights.get(persona) not in REFUSALS:
            return persona
    return "coordinator"


@pytest.mark.parametrize("name", sorted(URLS))
def test_a_post_without_a_csrf_token_is_refused(world, name):
    if name not in url_names():
        pytest.skip(f"{name} is not a URL of this project")
    url = url_of(name, world)
    persona = csrf_persona(name)
    client = Client(enforce_csrf_checks=True)
    if persona != "anonymous":
        client.force_login(world.users[persona])
    before = writes_so_far()

    response = post(client, name, url)

    # A URL that changes something refuses the POST for the missing token (403); one that only
    # reads may instead refuse POST altogether (405: the API's GET endpoints, which django-ninja
    # exempts from Django's CSRF check and guards itself where a session logs in).
    allowed = {403} if URLS[name].post is not None else {403, 405}
    assert response.status_code in allowed, f"POST {url} as {persona} without a CSRF token"
    assert writes_so_far() == before, f"POST {url} without a CSRF token wrote to the database"


def test_the_write_counter_sees_a_write(world, clients):
    """The checks above would prove nothing if a refused POST could write unseen."""
    before = writes_so_far()

    response = clients["coordinator"].post(
        reverse("web:area_create", args=[world.editable.pk]), {"title": "Nytt område", "order": 9}
    )

    assert outcome(response) == REDIRECT
    assert writes_so_far() != before
