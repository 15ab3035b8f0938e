"""Shared by the tests of the coordinator's forms (test_edit_*.py)."""

import re
from types import SimpleNamespace

from django.contrib.auth.views import redirect_to_login
from django.utils import translation

from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    SectionFactory,
    VersionFactory,
    strategy_with_content,
)


def two_versions():
    """A document whose version 1 is adopted and version 2 a draft, each with an area, a goal,
    an indicator link and a text section; the draft also has an area and a goal nothing refers
    to (spare_area, spare_goal)."""
    adopted = strategy_with_content(VersionStatus.ADOPTED, title="Strategi för social hållbarhet")
    draft = VersionFactory(
        document=adopted.document,
        number=adopted.number + 1,
        title="Strategi för social hållbarhet 2024–2030",
        status=VersionStatus.DRAFT,
    )
    area = AreaFactory(version=draft, title="Boende och närmiljö")
    goal = GoalFactory(area=area, title="Tryggheten ska öka")
    link = GoalIndicatorFactory(goal=goal, indicator=IndicatorFactory(title="Andel trygga"))
    section = SectionFactory(version=draft, heading="Inledning")
    # Nothing refers to these two, so they can be deleted.
    spare_area = AreaFactory(version=draft, title="Tomt område")
    spare_goal = GoalFactory(area=area, title="Mål utan indikatorer")
    old_area = adopted.areas.get()
    old_goal = old_area.goals.get()
    return SimpleNamespace(
        document=adopted.document,
        adopted=adopted,
        draft=draft,
        area=area,
        goal=goal,
        link=link,
        section=section,
        spare_area=spare_area,
        spare_goal=spare_goal,
        old_area=old_area,
        old_goal=old_goal,
        old_link=old_goal.indicator_links.get(),
        old_section=adopted.sections.get(),
    )


def errors(response, field: str = "__all__") -> list[str]:
    """The form's messages on `field`, as a Swedish-speaking user gets them."""
    with translation.override("sv"):
        return list(response.context["form"].errors.get(field, []))


def swedish(text) -> str:
    with translation.override("sv"):
        return str(text)


def login_url(path: str) -> str:
    return redirect_to_login(path).url


def edit_form_html(response) -> str:
    """The page's own form (the header's log-out and language forms left out)."""
    match = re.search(r'<form method="post" class="edit-form".*?</form>', response.text, re.S)
    assert match, "the page has no edit form"
    return match.group(0)
