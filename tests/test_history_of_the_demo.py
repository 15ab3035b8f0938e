"""Every history page of the demo opens (issue 11): for every kind of object in audit.history's
allow-list, every object of that kind, as the coordinator, after each has been changed once (so
the before/after of a change is drawn for every kind, not only its creation). The history pages
of the demo's adopted version and its follow-up once failed with a KeyError in the change."""

import pytest
from demo_support import seeded_demo
from django.apps import apps
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with seeded_demo(django_db_blocker, tmp_path_factory.mktemp("media")):
        _add_what_the_demo_lacks()
        _change_everything_once()
        yield


def _add_what_the_demo_lacks() -> None:
    """One object of each kind the seeded demo has none of: a comment on the submitted statement
    (with the coordinator's decision on it), an attachment, a proposal for a decision, a
    conclusion on a goal, a personal reporting link (`riktning demo` makes one; seeding
    does not), an activity linked into a later round and a merge of duplicates."""
    from simple_history.utils import bulk_create_with_history

    from riktning.accounts.models import Organisation, User
    from riktning.activities import services as activities
    from riktning.activities.constants import RoundStatus
    from riktning.activities.models import Activity, MappingRound
    from riktning.consultation import services as consultation
    from riktning.consultation.constants import Decision, StatementStatus
    from riktning.consultation.models import Attachment, Comment, Round, Statement
    from riktning.strategy.models import Goal

    coordinator = User.objects.get(username="samordnare")
    submitted = Statement.objects.filter(status=StatementStatus.SUBMITTED).first()
    goal = Goal.objects.first()
    # A submitted statement never changes through save(): its parts are written raw.
    (comment,) = bulk_create_with_history(
        [Comment(statement=submitted, goal=goal, text="Målet behöver ett målvärde.")], Comment
    )
    bulk_create_with_history(
        [
            Attachment(
                statement=submitted,
                file="remiss/protokoll.pdf",
                original_name="Protokollsutdrag.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="0" * 64,
            )
        ],
        Attachment,
    )
    consultation.record_disposition(
        comment, by=coordinator, decision=Decision.TAKEN_IN, reason="Målvärde läggs till."
    )
    demo_round = Round.objects.get()
    consultation.save_decision_proposal(
        demo_round,
        by=coordinator,
        text="Kommunstyrelsen föreslår\n\natt anta strategin.",
        revision=demo_round.decision_proposal.revision,
    )
    open_round = MappingRound.objects.filter(status=RoundStatus.OPEN).first()
    social = Organisation.objects.get(name="Socialförvaltningen")
    open_round.invited.add(social)
    activities.create_reporting_link(open_round, social, by=coordinator)
    activities.record_conclusion(
        goal, text="Fler aktiviteter behövs.", more_needed=True, by=coordinator
    )
    # An activity linked into a later round instead of reported again, and a merge of a copy.
    earlier = Activity.objects.filter(organiser=social).first()
    later = activities.open_mapping_round(
        title="Uppföljning",
        question="Vad finns nu?",
        last_day=open_round.last_day,
        invited=[social],
        version=open_round.version,
    )
    activities.link_activity(earlier, later, by=coordinator)
    copy = activities.report_activity(
        organiser=social, mapping_round=later, name=earlier.name, description=earlier.description
    )
    activities.merge_activities(earlier, copy, by=coordinator)


def history_models():
    from riktning.audit.history import HISTORY_KINDS

    return [apps.get_model(label) for label in HISTORY_KINDS]


def _change_everything_once() -> None:
    """A historical record of kind "changed" for every object, written the way a bulk update
    writes it (save() would refuse on an adopted version and a submitted statement)."""
    from simple_history.utils import bulk_update_with_history

    from riktning.audit.history import shown_fields

    for model in history_models():
        if getattr(model, "history", None) is None:
            continue
        editable = [f.name for f in shown_fields(model) if f.editable and not f.primary_key]
        objects = list(model.objects.all())
        if objects and editable:
            bulk_update_with_history(objects, model, editable[:1])


def test_every_kind_with_a_history_page_is_in_the_demo(demo):
    empty = [m._meta.label_lower for m in history_models() if not m.objects.exists()]
    assert not empty, f"no object of these kinds to open the history of: {empty}"


def test_every_history_page_of_the_demo_opens_for_the_coordinator(demo, client):
    from riktning.accounts.models import User

    client.force_login(User.objects.get(username="samordnare"))
    failed, opened, kinds = [], 0, set()
    for model in history_models():
        for pk in model.objects.order_by("pk").values_list("pk", flat=True):
            kinds.add(model._meta.label_lower)
            url = reverse(
                "web:object_history", args=[model._meta.app_label, model._meta.model_name, pk]
            )
            response = client.get(url)
            opened += 1
            if response.status_code != 200:
                failed.append(f"{url}: {response.status_code}")
    assert not failed, "history pages that did not open:\n" + "\n".join(failed)
    # Every kind was visited (the demo's size changes with the demo; 134 pages on 2026-12-06).
    assert kinds == {m._meta.label_lower for m in history_models()}
    assert opened > len(kinds)
