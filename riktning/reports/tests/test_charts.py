"""The chart store: a chart drawn once is read back by its content's key, a changed spec is
drawn anew, and the store keeps only the most recently used charts."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from riktning.reports import charts
from riktning.reports.models import RenderedChart

pytestmark = pytest.mark.django_db


def spec(value: float) -> dict:
    return {
        "data": {"values": [{"år": 2024, "värde": 1.0}, {"år": 2025, "värde": value}]},
        "mark": "line",
        "encoding": {
            "x": {"field": "år", "type": "ordinal"},
            "y": {"field": "värde", "type": "quantitative"},
        },
        "width": 200,
    }


def test_a_chart_drawn_once_is_read_from_the_store_the_next_time():
    first = charts.render_many({1: spec(2.0)}, "svg")
    assert first.drawn == 1
    svg = first.done()[1]
    assert svg.startswith("<svg")

    again = charts.render_many({7: spec(2.0)}, "svg")

    assert again.drawn == 0
    assert again.done() == {7: svg}
    assert RenderedChart.objects.count() == 1


def test_new_data_is_drawn_anew_never_read_from_an_older_chart():
    old = charts.render_many({1: spec(2.0)}, "svg").done()[1]

    changed = charts.render_many({1: spec(3.0)}, "svg")

    assert changed.drawn == 1
    assert changed.done()[1] != old
    assert RenderedChart.objects.count() == 2


def test_png_and_svg_are_kept_apart_and_png_comes_back_as_the_same_bytes():
    svg = charts.render_many({1: spec(2.0)}, "svg").done()[1]
    png = charts.render_many({1: spec(2.0)}, "png", scale=1.5).done()[1]
    assert png.startswith(b"\x89PNG")

    again = charts.render_many({1: spec(2.0)}, "png", scale=1.5)
    assert again.drawn == 0
    assert again.done()[1] == png
    assert charts.render_many({1: spec(2.0)}, "svg").done()[1] == svg


def test_the_key_changes_with_everything_the_picture_depends_on():
    base = charts.chart_key(spec(2.0), "png", scale=1.5, locale={"decimal": ","})
    assert base == charts.chart_key(
        dict(reversed(spec(2.0).items())), "png", scale=1.5, locale={"decimal": ","}
    )
    others = {
        charts.chart_key(spec(2.5), "png", scale=1.5, locale={"decimal": ","}),
        charts.chart_key(spec(2.0), "svg", scale=1.5, locale={"decimal": ","}),
        charts.chart_key(spec(2.0), "png", scale=2.0, locale={"decimal": ","}),
        charts.chart_key(spec(2.0), "png", scale=1.5, locale={"decimal": "."}),
    }
    assert base not in others
    assert len(others) == 4


def _row(key: str, days_ago: int) -> None:
    RenderedChart.objects.create(
        key=key.ljust(64, "0"),
        fmt="svg",
        content=b"<svg/>",
        used_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_prune_keeps_the_most_recently_used_charts():
    for key, days in [("a", 30), ("b", 1), ("c", 10), ("d", 2)]:
        _row(key, days)

    assert charts.prune(keep=2) == 2

    kept = sorted(k[0] for k in RenderedChart.objects.values_list("key", flat=True))
    assert kept == ["b", "d"]


def test_a_chart_read_counts_as_used_so_prune_keeps_it():
    _row("a", 30)
    _row("b", 5)
    _row("c", 6)

    assert charts.stored(["a".ljust(64, "0")])  # read: now the most recently used

    charts.prune(keep=2)
    kept = sorted(k[0] for k in RenderedChart.objects.values_list("key", flat=True))
    assert kept == ["a", "b"]


@override_settings(RIKTNING_CHART_STORE_KEEP=2)
def test_drawing_more_than_the_store_keeps_prunes_the_oldest():
    _row("a", 3)
    _row("b", 2)

    charts.render_many({1: spec(2.0)}, "svg").done()

    assert RenderedChart.objects.count() == 2
    assert not RenderedChart.objects.filter(key="a".ljust(64, "0")).exists()
