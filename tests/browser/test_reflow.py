"""Reflow (WCAG 2.1 1.4.10): every page of the demo is usable 320 CSS pixels wide without the page
scrolling sideways, for the anonymous visitor and for the coordinator.

The test crawls the demo from / at 320 × 640, following same-site links as a person would (no
downloads, no logout, no admin or API), and keeps at most SAMPLES_PER_PATTERN pages per URL
pattern (digits → N, with the query's keys), so that 50 goals or 400 history pages cost the time
of two. A page fails when `document.documentElement.scrollWidth` is wider than the viewport. What
is wider than the screen (a table, the action plan's timeline) scrolls inside its own region,
which must be reachable with the keyboard (tabindex 0) and named (role region, aria-labelledby
an element with text), so that a keyboard or screen reader user can find and scroll it.
"""

import re
import urllib.parse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDTH, HEIGHT = 320, 640
MAX_PAGES = 300
SAMPLES_PER_PATTERN = 2
SKIP = ("/static/", "/media/", "/admin", "/api/", "/konto/logga-ut", "/healthz")
# Charts are drawn by JavaScript after the load event; a page is measured once they are drawn.
CHARTS_DRAWN = """() => [...document.querySelectorAll('.chart-canvas')].every(
  (chart) => chart.classList.contains('chart-ready') || chart.classList.contains('chart-failed'))"""
CHART_WAIT_MS = 5_000

SCROLLERS = """() => {
  const problems = [];
  const name = (el) => {
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const text = ids.map((id) => {
      const ref = document.getElementById(id);
      return ref ? ref.textContent.trim() : '';
    }).join(' ').trim();
    return text || (el.getAttribute('aria-label') || '').trim();
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
  for (const el of document.querySelectorAll('.table-scroll, .scroll-region')) {
    if (el.getAttribute('role') !== 'region') problems.push(describe(el) + ' has no role=region');
    if (el.getAttribute('tabindex') !== '0') problems.push(describe(el) + ' is not focusable');
    if (!name(el)) problems.push(describe(el) + ' has no name (aria-labelledby)');
  }
  // Whatever else scrolls sideways must be reachable and named too.
  for (const el of document.querySelectorAll('body *')) {
    const overflow = getComputedStyle(el).overflowX;
    if (overflow !== 'auto' && overflow !== 'scroll') continue;
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const focusable = 'a[href], button, input, select, textarea, [tabindex="0"]';
    if (el.tabIndex < 0 && !el.querySelector(focusable))
      problems.push(describe(el) + ' scrolls sideways but the keyboard cannot reach it');
    else if (!name(el) && !el.querySelector('caption'))
      problems.push(describe(el) + ' scrolls sideways without a name');
  }
  return problems;
}"""


def pattern(url: str) -> str:
    """/mal/12/?kon=K → /mal/N/?kon: pages that differ only in their ids or query values."""
    parts = urllib.parse.urlsplit(url)
    keys = sorted({key for key, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def crawl(page, base: str) -> tuple[list[str], dict[str, str]]:
    """Visit the demo from / at 320 px; returns the pages visited and what is wrong on each."""
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    queue, queued, visited, per_pattern, problems = ["/"], {"/"}, [], {}, {}
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        try:
            response = page.goto(base + path)
        except Exception as error:  # a link that starts a download is not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(path)
        if page.locator(".chart-canvas").count():
            try:
                page.wait_for_function(CHARTS_DRAWN, timeout=CHART_WAIT_MS)
            except Exception:
                pass  # the page is measured as it is; the table below the chart has the values
        width = page.evaluate("() => document.documentElement.scrollWidth")
        found = []
        if width > WIDTH:
            found.append(f"{width} px wide")
        found += page.evaluate(SCROLLERS)
        if found:
            problems[path] = "; ".join(found)
        for href in page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map((a) => a.getAttribute('href'))"
        ):
            url = urllib.parse.urljoin(path, href.split("#")[0])
            if not url.startswith("/") or url.startswith("//") or url.startswith(SKIP):
                continue
            if url in queued:
                continue
            queued.add(url)
            key = pattern(url)
            if per_pattern.get(key, 0) >= SAMPLES_PER_PATTERN:
                continue
            per_pattern[key] = per_pattern.get(key, 0) + 1
            queue.append(url)
    print(f"reflow crawl: {len(visited)} pages, {len(per_pattern)} URL patterns")
    return visited, problems


def report(who: str, visited: list[str], problems: dict[str, str]) -> str:
    lines = [f"{len(problems)} of {len(visited)} pages at {WIDTH} px fail for {who}:"]
    lines += [f"    {path}: {what}" for path, what in sorted(problems.items())]
    return "\n".join(lines)


def test_no_page_scrolls_sideways_at_320_px_for_an_anonymous_visitor(demo_site, anonymous_page):
    visited, problems = crawl(anonymous_page, demo_site)

    assert len(visited) > 20, f"the crawl found only {visited}"
    assert not problems, report("the anonymous visitor", visited, problems)


def test_no_page_scrolls_sideways_at_320_px_for_the_coordinator(demo_site, coordinator_page):
    visited, problems = crawl(coordinator_page, demo_site)

    assert any(path.startswith("/handlingsplaner/") for path in visited), (
        f"the coordinator's crawl did not reach the action plans: {visited}"
    )
    assert "/barnrattsperspektiv/" in visited and any(
        path.endswith("/barnkonsekvensanalys/") for path in visited
    ), f"the coordinator's crawl did not reach the child-rights lens: {visited}"
    assert not problems, report("the coordinator", visited, problems)


def test_a_wide_table_scrolls_in_its_own_region_with_the_keyboard(demo_site, anonymous_page):
    page = anonymous_page
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(demo_site + "/aktiviteter/")
    region = page.locator(".table-scroll").first
    assert region.evaluate("(el) => el.scrollWidth > el.clientWidth"), (
        "the activity register's table is expected to be wider than 320 px"
    )

    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")

    # Chromium scrolls smoothly: wait for the scroll to begin rather than reading it at once.
    page.wait_for_function("(el) => el.scrollLeft > 0", arg=region.element_handle(), timeout=2_000)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
