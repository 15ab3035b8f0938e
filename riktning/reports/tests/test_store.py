"""The render store: a chart drawn once is read back by its content's key, a changed spec is
drawn anew, and the store keeps only the most recently used store."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from riktning.reports import store
from riktning.reports.models import Rendering

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
    first = store.render_many({1: spec(2.0)}, "svg")
    assert first.drawn == 1
    svg = first.done()[1]
    assert svg.startswith("<svg")

    again = store.render_many({7: spec(2.0)}, "svg")

    assert again.drawn == 0
    assert again.done() == {7: svg}
    assert Rendering.objects.count() == 1


def test_new_data_is_drawn_anew_never_read_from_an_older_chart():
    old = store.render_many({1: spec(2.0)}, "svg").done()[1]

    changed = store.render_many({1: spec(3.0)}, "svg")

    assert changed.drawn == 1
    assert changed.done()[1] != old
    assert Rendering.objects.count() == 2


def test_png_and_svg_are_kept_apart_and_png_comes_back_as_the_same_bytes():
    svg = store.render_many({1: spec(2.0)}, "svg").done()[1]
    png = store.render_many({1: spec(2.0)}, "png", scale=1.5).done()[1]
    assert png.startswith(b"\x89PNG")

    again = store.render_many({1: spec(2.0)}, "png", scale=1.5)
    assert again.drawn == 0
    assert again.done()[1] == png
    assert store.render_many({1: spec(2.0)}, "svg").done()[1] == svg


def test_the_key_changes_with_everything_the_picture_depends_on():
    base = store.chart_key(spec(2.0), "png", scale=1.5, locale={"decimal": ","})
    assert base == store.chart_key(
        dict(reversed(spec(2.0).items())), "png", scale=1.5, locale={"decimal": ","}
    )
    others = {
        store.chart_key(spec(2.5), "png", scale=1.5, locale={"decimal": ","}),
        store.chart_key(spec(2.0), "svg", scale=1.5, locale={"decimal": ","}),
        store.chart_key(spec(2.0), "png", scale=2.0, locale={"decimal": ","}),
        store.chart_key(spec(2.0), "png", scale=1.5, locale={"decimal": "."}),
    }
    assert base not in others
    assert len(others) == 4


def _row(key: str, days_ago: int) -> None:
    Rendering.objects.create(
        key=key.ljust(64, "0"),
        fmt="svg",
        content=b"<svg/>",
        used_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_prune_keeps_the_most_recently_used_charts():
    for key, days in [("a", 30), ("b", 1), ("c", 10), ("d", 2)]:
        _row(key, days)

    assert store.prune(keep=2) == 2

    kept = sorted(k[0] for k in Rendering.objects.values_list("key", flat=True))
    assert kept == ["b", "d"]


def test_a_chart_read_counts_as_used_so_prune_keeps_it():
    _row("a", 30)
    _row("b", 5)
    _row("c", 6)

    assert store.stored(["a".ljust(64, "0")])  # read: now the most recently used

    store.prune(keep=2)
    kept = sorted(k[0] for k in Rendering.objects.values_list("key", flat=True))
    assert kept == ["a", "b"]


@override_settings(RIKTNING_RENDER_STORE_KEEP=2)
def test_drawing_more_than_the_store_keeps_prunes_the_oldest():
    _row("a", 3)
    _row("b", 2)

    store.render_many({1: spec(2.0)}, "svg").done()

    assert Rendering.objects.count() == 2
    assert not Rendering.objects.filter(key="a".ljust(64, "0")).exists()


def test_a_pdf_is_written_once_per_html_and_anew_for_changed_html():
    from riktning.reports.tests.pdftext import pdf_text

    html = "<!DOCTYPE html><html lang='sv'><title>T</title><p>Första utgåvan</p></html>"
    first = store.pdf(html)
    assert store.pdf(html) == first
    assert Rendering.objects.filter(fmt="pdf").count() == 1

    changed = store.pdf(html.replace("Första", "Andra"))

    assert "Andra utgåvan" in pdf_text(changed)
    assert Rendering.objects.filter(fmt="pdf").count() == 2
