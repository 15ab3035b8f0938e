"""Every kind of event the code records has a name a coordinator can read in the event log (a
verb missing from audit.history.EVENT_KINDS would be shown as its code, say "two_factor_reset")."""

import ast
from pathlib import Path

from riktning.audit.history import EVENT_KINDS

ROOT = Path(__file__).resolve().parent.parent / "riktning"


def recorded_verbs() -> set[str]:
    verbs = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "record_event" or not node.args:
                continue
            first = node.args[0]
            candidates = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            verbs |= {c.value for c in candidates if isinstance(c, ast.Constant)}
    return verbs


def test_every_recorded_event_kind_has_a_readable_name():
    verbs = recorded_verbs()
    assert len(verbs) > 20  # the walk found the calls
    assert sorted(verbs - set(EVENT_KINDS)) == []
