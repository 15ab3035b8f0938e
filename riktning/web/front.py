"""The public front page (`/`): each steering document with the version in force, and for each
one with indicators the "Hur går det?" summary (riktning.followup.glance), its latest follow-up
and its latest action plan, each a link away. Read-only; what the reader may see comes from the
domains' access modules. A fixed number of queries per document, whatever the number of
indicators and observations (tests/test_front_page.py counts them).

What is derived and shared is kept rendered (followup/cache.py, never stale): each version's
glance under the data generation, and the whole list per visibility class (`documents_html`:
members, everyone else) under the data and the work generation (the latest follow-up and action
plan are work)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from riktning.accounts import access
from riktning.actionplans import access as plan_access
from riktning.actionplans.models import ActionPlan
from riktning.followup import access as followup_access
from riktning.followup import cache
from riktning.followup.glance import version_glance
from riktning.followup.models import FollowUp
from riktning.strategy import access as strategy_access
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import SteeringDocument, Version


@dataclass
class DocumentFront:
    document: SteeringDocument
    current: Version | None
    in_progress: list[Version] = field(default_factory=list)
    glance_html: SafeString | str = ""  # "Hur går det?", empty without indicators
    followup: FollowUp | None = None
    action_plan: ActionPlan | None = None


def front_documents(user) -> list[DocumentFront]:
    """Every document the user may see, the adopted ones first, each with its current version
    (the latest adopted, else the latest the user may see) and what has been followed up."""
    versions = strategy_access.visible_versions(user, Version.objects.order_by("number"))
    documents = SteeringDocument.objects.order_by("title", "pk").prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="visible_versions")
    )
    member = access.is_member(user)
    result = []
    for document in documents:
        visible = document.visible_versions
        if not visible and not member:
            continue
        adopted = [v for v in visible if v.status == VersionStatus.ADOPTED]
        current = adopted[-1] if adopted else (visible[-1] if visible else None)
        item = DocumentFront(
            document,
            current,
            [
                v
                for v in visible
                if v.status in (VersionStatus.DRAFT, VersionStatus.CONSULTATION)
                and v is not current
            ],
        )
        if current is not None and current.status == VersionStatus.ADOPTED:
            item.glance_html = glance_html(current)
            item.followup = (
                followup_access.visible_followups(user, FollowUp.objects.filter(version=current))
                .order_by("-year", "-pk")
                .first()
            )
            item.action_plan = (
                plan_access.visible_action_plans(user, ActionPlan.objects.filter(version=current))
                .order_by("-year", "-pk")
                .first()
            )
        result.append(item)
    result.sort(key=lambda d: d.current is None or d.current.status != VersionStatus.ADOPTED)
    return result


def glance_html(version) -> SafeString:
    """The version's "Hur går det?" rendered, empty when it has no indicators; the same for
    every reader (the roll-up is public), so kept under the data generation."""

    def render() -> str:
        glance = version_glance(version)
        if not glance.indicator_count:
            return ""
        return render_to_string("web/includes/front_glance.html", {"glance": glance})

    return cache.fragment(f"front-glance:{version.pk}", render)


def documents_html(user, stamp: str | None = None) -> SafeString:
    """The list of documents rendered for `user`, from the cache under both generations: what a
    reader may see of documents, follow-ups and action plans depends only on whether they are a
    member (strategy/, followup/ and actionplans/access.py), so every member shares one entry
    and everyone else another. `stamp`: both generations, if the page has read them."""

    def render() -> str:
        return render_to_string(
            "web/includes/front_documents.html", {"documents": front_documents(user)}
        )

    sight = "member" if access.is_member(user) else "public"
    return cache.fragment(f"front-documents:{sight}", render, work=True, stamp=stamp)
