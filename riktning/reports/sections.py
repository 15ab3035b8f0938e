"""Sections that one app adds to another app's Word files, so that the report's app need not
import the app that writes the section (which would tie the two in a circle: the child-rights
assessment belongs to a measure, an action plan or a proposal for a decision, and is written into
their Word files).

An app offers a section in its `AppConfig.ready()`:

    sections.offer("child_rights", heading=…, add=…, add_body=…)

and a report asks for it by name: `sections.get("child_rights")` is the offered functions (as
attributes) or None when no installed app offers it, in which case the report leaves the section
out. This module imports nothing of ours, so every app may import it."""

from types import SimpleNamespace

_OFFERED: dict[str, SimpleNamespace] = {}


def offer(name: str, **functions) -> None:
    _OFFERED[name] = SimpleNamespace(**functions)


def get(name: str) -> SimpleNamespace | None:
    return _OFFERED.get(name)
