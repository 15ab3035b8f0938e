"""The reports Riktning can produce, one module per kind (STYLE.md #7).

A report module (say `riktning.consultation.report`) has:

- `FORMATS`: the formats it renders, a tuple of "html", "pdf", "docx", "xlsx", "csv";
- `resolve(ref: str)`: the object the reference names — an id, or "latest" — raising
  `ReportNotFound` (with a Swedish message) when there is none;
- `render(obj, fmt: str, *, progress=None) -> bytes`: the finished file;
- optionally `REFS`: how many references `resolve` takes (1 unless said; the comparison of two
  versions takes 2: `riktning report comparison <a> <b>`).

Register it below with the kind the command line uses: `riktning report <kind> <ref> --format F`.
The web views offer the same files through the same functions.
"""

from dataclasses import dataclass
from importlib import import_module

FORMAT_TYPES = {
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


class ReportNotFound(Exception):
    """The reference names nothing that can be reported; the message says so in Swedish."""


def pick(queryset, ref: str, *, latest_by: tuple[str, ...]):
    """The object a report's reference names in `queryset`: "latest" (the first by
    `latest_by`) or an id. None when it names nothing."""
    if ref == "latest":
        return queryset.order_by(*latest_by).first()
    if ref.isdigit():
        return queryset.filter(pk=int(ref)).first()
    return None


@dataclass(frozen=True)
class Report:
    kind: str
    module: str  # dotted path of the report module

    def load(self):
        return import_module(self.module)


_REGISTRY: dict[str, Report] = {}


def register(kind: str, module: str) -> None:
    _REGISTRY[kind] = Report(kind, module)


def get(kind: str) -> Report:
    return _REGISTRY[kind]


def kinds() -> list[str]:
    return sorted(_REGISTRY)


# One line per kind; the module is imported only when the report is asked for.
register("followup", "riktning.followup.report")
register("consultation", "riktning.consultation.report")
register("decision", "riktning.consultation.decision_report")
register("actionplan", "riktning.actionplans.report")
register("version", "riktning.strategy.export.version_report")
register("comparison", "riktning.consultation.comparison_report")
