"""A report module for the tests of `riktning report` (the shape every report module has)."""

from riktning.reports.registry import ReportNotFound

FORMATS = ("csv",)


def resolve(ref: str):
    if ref not in ("latest", "1"):
        raise ReportNotFound(f"Det finns ingen rapport {ref}.")
    return {"id": 1}


def render(obj, fmt: str, *, progress=None) -> bytes:
    return f"id;{obj['id']}\n".encode()
