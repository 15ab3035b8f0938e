"""The structure of the code, checked from its source (no Django needed):

- no import cycle between the modules of riktning/, counting every import statement, at module
  level and inside functions (an import inside a function hides a cycle but does not remove it);
- every app imports only the apps that docs/architecture.md's table lets it import ("may
  import"), so the table stays true. Tests (`tests/` folders) and migrations may import anything
  to build their objects; the modules directly in riktning/ (settings, urls, cli, wsgi) wire the
  project together and are not an app;
- the access modules (riktning/<app>/access.py) import at the top only.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the imported module of the package, dotted
    path: Path
    line: int


def module_names(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """Dotted module name → (file, is a package's __init__) for every .py under root/package."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def _known(name: str, modules) -> str | None:
    """`name` or the closest module above it that is one of ours."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports(root: Path, package: str) -> list[Import]:
    """Every import of one of the package's modules by another, wherever the statement is.
    `from a import b` counts as an import of a.b where that is a module, else of a."""
    modules = module_names(root, package)
    found = []
    for name, (path, is_package) in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                candidates = [
                    f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module
                    for alias in node.names
                ]
            else:
                continue
            for target in {_known(candidate, modules) for candidate in candidates}:
                if target and target != name:
                    found.append(Import(name, target, path, node.lineno))
    return found


def cycles(edges: list[Import]) -> list[list[Import]]:
    """One cycle through each group of modules that import each other (Tarjan's strongly
    connected components), as the imports that close it."""
    graph: dict[str, dict[str, Import]] = {}
    for edge in edges:
        graph.setdefault(edge.source, {}).setdefault(edge.target, edge)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, group) for group in groups]


def _cycle_in(graph, group: set[str]) -> list[Import]:
    """A shortest way from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: []}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target, edge in sorted(graph.get(node, {}).items()):
            if target not in group:
                continue
            if target == start:
                return [*paths[node], edge]
            if target not in paths:
                paths[target] = [*paths[node], edge]
                queue.append(target)
    raise AssertionError(f"no cycle through {start}")


def describe(cycle: list[Import]) -> str:
    steps = [f"{edge.source} (line {edge.line})" for edge in cycle]
    return " → ".join([*steps, cycle[0].source])


# --- no import cycles --------------------------------------------------------------------------


def test_no_import_cycle_between_the_modules_of_riktning():
    found = cycles(imports(ROOT, "riktning"))

    assert not found, "Import cycles (each module imports the next):\n" + "\n".join(
        describe(cycle) for cycle in found
    )


def test_the_cycle_check_sees_an_import_inside_a_function(tmp_path):
    """The check above would prove nothing if a cycle closed by a function-level import (the
    usual way to hide one) went unseen."""
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "orders.py").write_text("from shop.models import Order\n")
    (package / "models.py").write_text(
        "class Order:\n    def total(self):\n        from . import orders\n        return 0\n"
    )
    (package / "views.py").write_text("from shop import orders\n")

    found = cycles(imports(tmp_path, "shop"))

    assert [describe(cycle) for cycle in found] == [
        "shop.models (line 3) → shop.orders (line 1) → shop.models"
    ]


# --- what each app may import --------------------------------------------------------------------


def architecture_table() -> tuple[dict[str, set[str]], set[str]]:
    """app → the apps it may import, from docs/architecture.md's table of apps; and the domain
    apps (the sentence "domain apps (`accounts`, …)"), which "every domain app" stands for."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    sentence = re.search(r"domain apps \(([^)]*)\)", text)
    assert sentence, "docs/architecture.md no longer names the domain apps"
    domain_apps = set(re.findall(r"`(\w+)`", sentence.group(1)))
    allowed = {}
    for row in re.finditer(r"^\| `riktning/(\w+)` \|.*\| ([^|]*) \|[ \t]*$", text, flags=re.M):
        app, may_import = row.groups()
        names = set(re.findall(r"`(\w+)`", may_import))
        if "every domain app" in may_import:
            names |= domain_apps
        allowed[app] = names - {app}
    return allowed, domain_apps


def app_of(module: str) -> str | None:
    """riktning.<app>.… → app; None for the project's own modules (settings, urls, …)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and _is_app(parts[1])) else None


def _is_app(name: str) -> bool:
    return (ROOT / "riktning" / name / "__init__.py").exists()


def test_every_app_has_a_row_in_the_architecture_table():
    allowed, _domain = architecture_table()
    apps = sorted(path.parent.name for path in (ROOT / "riktning").glob("*/__init__.py"))

    missing = [app for app in apps if app not in allowed]

    assert not missing, f"docs/architecture.md's table of apps has no row for: {missing}"


def test_each_app_imports_only_what_the_architecture_table_allows():
    allowed, _domain = architecture_table()
    wrong = []
    for edge in imports(ROOT, "riktning"):
        source, target = app_of(edge.source), app_of(edge.target)
        parts = edge.source.split(".")
        if source is None or target is None or source == target:
            continue
        if "tests" in parts or "migrations" in parts:
            continue
        if target not in allowed.get(source, set()):
            wrong.append(
                f"{edge.path.relative_to(ROOT)}:{edge.line} imports {edge.target}, but "
                f"docs/architecture.md lets {source} import only {sorted(allowed.get(source, []))}"
            )

    assert not wrong, "\n".join(wrong)


def test_no_cycle_between_the_apps():
    """The apps stand on floors: an app never imports, through any chain of apps, one that
    imports it. (The modules may be free of cycles while two apps still lean on each other; a
    report that needs another app's part asks for it by name, `reports/sections.py`.)"""
    edges = []
    for edge in imports(ROOT, "riktning"):
        source, target = app_of(edge.source), app_of(edge.target)
        parts = edge.source.split(".")
        if source is None or target is None or source == target:
            continue
        if "tests" in parts or "migrations" in parts:
            continue
        edges.append(Import(f"riktning.{source}", f"riktning.{target}", edge.path, edge.line))
    found = cycles(edges)

    assert not found, "Apps that import each other:\n" + "\n".join(
        " → ".join(f"{e.source} ({e.path.relative_to(ROOT)}:{e.line})" for e in cycle)
        for cycle in found
    )


def test_access_modules_import_at_the_top_only():
    """Who may do what is read at a glance only if every access module says at its top what it
    is built on: no import inside a function (that is how accounts/access.py once reached every
    domain's models and hid a cycle)."""
    inside = []
    for path in sorted((ROOT / "riktning").glob("*/access.py")):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    inside.append(f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}")

    assert not inside, "Imports inside functions of access modules:\n" + "\n".join(inside)
