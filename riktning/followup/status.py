"""Status that cannot be misread: the one vocabulary and set of symbols of the follow-up, for the
pages, the reports and the API, and the roll-up sentence that never hides a deterioration.

- Every status is shown as its symbol *and* its word (`status_text`); the symbol is decoration.
- A goal or an area with a deteriorating indicator says so beside its mean status
  (`summarize` + `summary_text`): "Måttliga framsteg – 1 av 2 indikatorer försämras".
- "Uppgift saknas" (not available) always comes with the reason (`missing_reason`).
- Counts per status for an area (`area_counts`, `version_status_counts`): what the front page's
  "Hur går det?" and the status grid show.

Pure functions, except `version_status_counts`, which reads the roll-up."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import progress
from .constants import STATUS_ICONS, ProgressStatus

# Best first: the order of counts, legends and the API's list of statuses.
ORDER = progress.STATUSES


def label(status: str) -> str:
    """The status word in the active language ("Små framsteg")."""
    try:
        return str(ProgressStatus(status).label)
    except ValueError:
        return str(ProgressStatus.NOT_AVAILABLE.label)


def symbol(status: str) -> str:
    """The status symbol: shown beside the word, never alone."""
    return STATUS_ICONS.get(status, STATUS_ICONS[progress.NOT_AVAILABLE])


def status_text(status: str) -> str:
    """Symbol and word together, for plain text (reports, CSV, the API's `status_text`)."""
    return f"{symbol(status)} {label(status)}"


def vocabulary() -> list[dict]:
    """The statuses in order with their code, word and symbol (the API's legend)."""
    return [{"status": s, "label": label(s), "symbol": symbol(s)} for s in ORDER]


@dataclass(frozen=True)
class Summary:
    """A goal's or an area's status with what its mean could hide."""

    status: str
    deteriorating: int  # indicators whose own status is a deterioration
    total: int  # indicators in the goal or area
    not_available: int = 0

    @property
    def hides_deterioration(self) -> bool:
        return self.deteriorating > 0 and self.status != progress.DETERIORATION


def summarize(status: str, indicator_statuses) -> Summary:
    """Pure: the roll-up of a goal or area, counting its indicators' own statuses."""
    statuses = list(indicator_statuses)
    return Summary(
        status,
        sum(1 for s in statuses if s == progress.DETERIORATION),
        len(statuses),
        sum(1 for s in statuses if s == progress.NOT_AVAILABLE),
    )


def deterioration_text(summary: Summary) -> str:
    """ "1 av 2 indikatorer försämras", or "" when none does (or it is the only one)."""
    if summary.deteriorating == 0 or (
        summary.total == 1 and summary.status == progress.DETERIORATION
    ):
        return ""
    return ngettext(
        "%(count)s of %(total)s indicator deteriorates",
        "%(count)s of %(total)s indicators deteriorate",
        summary.total,
    ) % {"count": summary.deteriorating, "total": summary.total}


def summary_text(summary: Summary) -> str:
    """The word of the mean status and, when an indicator deteriorates, how many:
    "Måttliga framsteg – 1 av 2 indikatorer försämras"."""
    extra = deterioration_text(summary)
    return f"{label(summary.status)} – {extra}" if extra else label(summary.status)


def summary_status_text(summary: Summary) -> str:
    """Symbol, word and deteriorating indicators, for plain text (reports)."""
    return f"{symbol(summary.status)} {summary_text(summary)}"


def missing_reason(state: str, reason: str, home_name: str) -> str:
    """Why an indicator is "not available": the state's sentence, or the assessment's reason."""
    if state == "proposed":
        return _("The indicator is still to be developed, so there is nothing to follow up yet.")
    if state == "undefined":
        return _("The indicator has no definition yet, so it is not followed up.")
    if state == "no_data":
        return _("There are no values for %(home)s yet.") % {"home": home_name}
    return reason


# --- counts per status --------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaCounts:
    area: object  # strategy.DevelopmentArea
    summary: Summary
    counts: list[tuple[str, int]]  # (status, indicators with it), in ORDER, zeros left out

    @property
    def text(self) -> str:
        return summary_text(self.summary)


def counts(statuses) -> list[tuple[str, int]]:
    """Pure: (status, how many) in the order of ORDER, without the zeros."""
    statuses = list(statuses)
    return [(s, statuses.count(s)) for s in ORDER if statuses.count(s)]


def goal_summary(goal_row) -> Summary:
    return summarize(goal_row.status, [i.status for i in goal_row.indicators])


def area_summary(area_row) -> Summary:
    return summarize(area_row.status, [i.status for g in area_row.goals for i in g.indicators])


def area_counts(followup) -> list[AreaCounts]:
    """Per area of a roll-up (`rollup.version_followup`): its summary and how many of its
    indicators have each status."""
    return [
        AreaCounts(
            row.area,
            area_summary(row),
            counts(i.status for g in row.goals for i in g.indicators),
        )
        for row in followup.areas
    ]


def version_status_counts(version) -> list[AreaCounts]:
    """Per development area of `version`: the indicators' count per status and the area's
    summary (for the front page's "Hur går det?"). The caller checks that the reader may see the
    version. Queries: those of `rollup.version_followup` (a fixed number)."""
    from .rollup import version_followup

    return area_counts(version_followup(version))
