"""Comparing two versions: the word-level marked-up text and the change list (areas, goals,
indicator links and sections added, removed, renamed, re-targeted)."""

from decimal import Decimal

import pytest

from riktning.strategy import services
from riktning.strategy.compare import (
    DELETE,
    EQUAL,
    INSERT,
    Part,
    Segment,
    compare_versions,
    diff_words,
    marked_up,
    pair_parts,
)
from riktning.strategy.constants import IndicatorRole
from riktning.strategy.models import AreaCarryOver, GoalIndicator

from .factories import (
    AreaFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    SectionFactory,
    VersionFactory,
)


def kinds(segments):
    return [(s.kind, s.text) for s in segments]


# --- the word diff (no database) -------------------------------------------------------------


def test_an_inserted_word_is_marked_alone_without_the_spaces_around_it():
    assert kinds(diff_words("barn och unga", "barn och alla unga")) == [
        (EQUAL, "barn och "),
        (INSERT, "alla"),
        (EQUAL, " unga"),
    ]


def test_a_deleted_word_is_marked_as_deleted():
    assert kinds(diff_words("alla barn och unga", "barn och unga")) == [
        (DELETE, "alla"),
        (EQUAL, " barn och unga"),
    ]


def test_a_replaced_stretch_is_one_deletion_and_one_insertion():
    assert kinds(diff_words("Barn och unga ska må bra", "Alla kommuninvånare ska må bra")) == [
        (DELETE, "Barn och unga"),
        (INSERT, "Alla kommuninvånare"),
        (EQUAL, " ska må bra"),
    ]


def test_unchanged_text_is_one_equal_segment_and_whitespace_alone_is_no_change():
    assert diff_words("Samma text.", "Samma text.") == [Segment(EQUAL, "Samma text.")]
    assert kinds(diff_words("två  mellanslag", "två mellanslag")) == [(EQUAL, "två mellanslag")]
    assert diff_words("", "") == []


def test_paragraph_breaks_are_kept():
    assert kinds(diff_words("Ett.\n\nTvå.", "Ett.\n\nTvå och tre.")) == [
        (EQUAL, "Ett.\n\n"),
        (DELETE, "Två."),
        (INSERT, "Två och tre."),
    ]


def test_the_marked_up_html_escapes_every_text_and_announces_each_change():
    html = marked_up("Se <b>här</b>", 'Se <script>alert("x")</script>')

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;här&lt;/b&gt;" in html
    assert (
        '<ins class="diff-ins"><span class="visually-hidden">Tillagt: </span>'
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
        '<span class="visually-hidden"> (slut på tillägg)</span></ins>'
    ) in html
    assert '<del class="diff-del"><span class="visually-hidden">Borttaget: </span>' in html
    assert html.startswith("Se ")


def test_equal_text_is_escaped_too():
    assert marked_up("a & <i>", "a & <i>") == "a &amp; &lt;i&gt;"


def _part(pk, key, text=None):
    return Part("goal", pk, key, key, {"title": text or key})


def test_parts_are_matched_by_name_then_by_similar_text_in_the_same_place():
    old = [_part(1, "Alla barn"), _part(2, "Tryggt boende för barn och unga"), _part(3, "Fritid")]
    new = [
        _part(11, "Alla barn"),
        _part(12, "Tryggt boende för alla barn och unga"),
        _part(13, "Fritid"),
        _part(14, "Helt nytt mål"),
    ]
    pairs = [(a and a.pk, b and b.pk) for a, b in pair_parts(old, new)]
    assert pairs == [(1, 11), (2, 12), (3, 13), (None, 14)]


def test_a_part_rewritten_beyond_recognition_is_removed_and_added():
    old = [_part(1, "Alla barn"), _part(2, "Tryggt boende")]
    new = [_part(11, "Alla barn"), _part(12, "Fler arbetstillfällen i kommunen")]
    pairs = [(a and a.pk, b and b.pk) for a, b in pair_parts(old, new)]
    assert pairs == [(1, 11), (2, None), (None, 12)]


def test_a_forced_pair_wins_over_the_names():
    old = [_part(1, "A"), _part(2, "B")]
    new = [_part(11, "B"), _part(12, "A")]
    pairs = [(a and a.pk, b and b.pk) for a, b in pair_parts(old, new, {1: 11, 2: 12})]
    assert pairs == [(1, 11), (2, 12)]


# --- the change list (database) --------------------------------------------------------------


@pytest.fixture
def consulted(db):
    """A version with two areas, goals, indicator links and a section, as a draft."""
    version = VersionFactory(title="Strategi 2024–2030, remissversion")
    boende = AreaFactory(version=version, order=1, title="Boende och närmiljö", description="Om.")
    fritid = AreaFactory(version=version, order=2, title="Meningsfull fritid", description="Om.")
    goal = GoalFactory(area=boende, order=1, title="Tryggt boende för barn och unga")
    GoalFactory(area=fritid, order=1, title="Alla har en aktiv fritid")
    GoalIndicatorFactory(
        goal=goal,
        indicator=IndicatorFactory(title="Andel som känner sig trygga"),
        target_value=Decimal("80"),
        target_year=2030,
    )
    SectionFactory(version=version, order=1, heading="Inledning", body="Strategin gäller barn.")
    return version


def _next(version, title="Strategi 2024–2030, efter remiss"):
    return services.create_version_from(version, title=title)


def _changes(old, new):
    comparison = compare_versions(old, new)
    return [(c.part_kind, c.kind, c.name) for c in comparison.changes], comparison


def test_a_copy_without_changes_has_no_changes(consulted):
    changes, comparison = _changes(consulted, _next(consulted))
    assert changes == []
    assert all(node.status == "unchanged" for node in comparison.areas)


def test_an_added_and_a_removed_area(consulted):
    new = _next(consulted)
    fritid = new.areas.get(title="Meningsfull fritid")
    for goal in fritid.goals.all():
        goal.delete()
    AreaCarryOver.objects.filter(to_area=fritid).delete()
    fritid.delete()
    AreaFactory(version=new, order=3, title="Utbildning och sysselsättning")

    changes, comparison = _changes(consulted, new)

    assert ("area", "removed", "Meningsfull fritid") in changes
    assert ("area", "added", "Utbildning och sysselsättning") in changes
    statuses = {node.part.name: node.status for node in comparison.areas}
    assert statuses["Meningsfull fritid"] == "removed"
    assert statuses["Utbildning och sysselsättning"] == "added"


def test_a_renamed_area_is_matched_through_the_carry_over_and_marked_up(consulted):
    new = _next(consulted)
    area = new.areas.get(title="Boende och närmiljö")
    area.title = "Bostad och trygg närmiljö"
    area.save()

    changes, comparison = _changes(consulted, new)

    assert changes == [("area", "renamed", "Bostad och trygg närmiljö")]
    change = comparison.changes[0]
    assert change.detail == "”Boende och närmiljö” → ”Bostad och trygg närmiljö”"
    assert change.kind_label == "Nytt namn"
    node = comparison.areas[0]
    assert node.status == "changed"
    assert [(s.kind, s.text) for s in diff_words("Boende och närmiljö", node.new.name)] == [
        (DELETE, "Boende"),
        (INSERT, "Bostad"),
        (EQUAL, " och "),
        (INSERT, "trygg"),
        (EQUAL, " närmiljö"),
    ]
    assert "Borttaget: </span>Boende<" in node.name_html
    assert "Tillagt: </span>trygg<" in node.name_html


def test_a_goal_re_targeted_and_its_indicator_link_changes(consulted):
    new = _next(consulted)
    link = GoalIndicator.objects.get(goal__area__version=new)
    link.target_value = Decimal("85.5")
    link.save()
    goal = link.goal
    added = GoalIndicatorFactory(
        goal=goal, indicator=IndicatorFactory(title="Andel med låg tillit"), order=2
    )
    other_goal = new.areas.get(title="Meningsfull fritid").goals.get()
    GoalIndicator.objects.create(
        goal=other_goal, role=IndicatorRole.PROPOSED, proposal="Deltagartillfällen per invånare"
    )

    changes, comparison = _changes(consulted, new)

    assert ("indicator", "retargeted", "Andel som känner sig trygga") in changes
    assert ("indicator", "added", "Andel med låg tillit") in changes
    assert ("indicator", "added", "Deltagartillfällen per invånare") in changes
    retargeted = next(c for c in comparison.changes if c.kind == "retargeted")
    assert retargeted.detail == "målvärde: 80 till 2030 → 85,5 till 2030"
    assert retargeted.context == "Boende och närmiljö – Tryggt boende för barn och unga"
    assert added.pk in [c.new.pk for c in comparison.changes if c.new]


def test_an_indicator_link_removed(consulted):
    new = _next(consulted)
    GoalIndicator.objects.get(goal__area__version=new).delete()

    changes, _ = _changes(consulted, new)

    assert changes == [("indicator", "removed", "Andel som känner sig trygga")]


def test_a_renamed_goal_and_a_changed_section_text(consulted):
    new = _next(consulted)
    goal = new.areas.get(title="Boende och närmiljö").goals.get()
    goal.title = "Tryggt boende för alla kommuninvånare"
    goal.save()
    section = new.sections.get()
    section.body = "Strategin gäller alla kommuninvånare."
    section.save()

    changes, comparison = _changes(consulted, new)

    assert ("goal", "renamed", "Tryggt boende för alla kommuninvånare") in changes
    assert ("section", "text_changed", "Inledning") in changes
    body = comparison.sections[0].body_fields[0].html
    assert "Borttaget: </span>barn." in body
    assert "Tillagt: </span>alla kommuninvånare." in body


def test_versions_can_be_compared_the_other_way_round(consulted):
    new = _next(consulted)
    area = new.areas.get(title="Boende och närmiljö")
    area.title = "Bostad"
    area.save()

    changes, _ = _changes(new, consulted)

    assert changes == [("area", "renamed", "Boende och närmiljö")]


def test_areas_are_matched_across_several_versions(consulted):
    second = _next(consulted, "v2")
    third = _next(second, "v3")
    area = third.areas.get(title="Meningsfull fritid")
    area.title = "Fritid och goda levnadsvanor"
    area.save()

    changes, _ = _changes(consulted, third)

    assert changes == [("area", "renamed", "Fritid och goda levnadsvanor")]
