"""The chart engine (vl-convert) started early, on a thread of its own.

vl-convert's first chart in a process costs 0.4–0.6 s (starting its JavaScript engine, loading
Vega and the fonts); later charts cost 0.05–0.2 s each. `riktning report` starts it here, before
Django is set up, so that the start-up runs in parallel with setting up Django and reading the
data (vl-convert releases the GIL). Imports nothing of ours but the registry, so `cli.py` can
call it before `django.setup()`.
"""

import threading

from . import registry

# A one-point chart: enough to start the engine and load the fonts.
_TINY = {
    "data": {"values": [{"år": 2020, "värde": 1.5}]},
    "mark": "line",
    "encoding": {
        "x": {"field": "år", "type": "ordinal"},
        "y": {"field": "värde", "type": "quantitative"},
    },
}
_started: threading.Thread | None = None


def warm_charts(fmt: str) -> threading.Thread:
    """Start the chart engine on a thread (once per process) with a chart in the format a
    report of `fmt` draws (Word: PNG, otherwise SVG). Not a daemon: a process that ends first
    waits for it rather than tearing the engine down mid-start."""
    global _started
    if _started is None:
        _started = threading.Thread(target=_warm, args=(fmt,), name="chart-engine-warm-up")
        _started.start()
    return _started


def _warm(fmt: str) -> None:
    import vl_convert

    try:
        if fmt == "docx":
            vl_convert.vegalite_to_png(_TINY)
        else:
            vl_convert.vegalite_to_svg(_TINY)
    except Exception:  # noqa: BLE001, S110 (a warm-up only; the report's own call reports errors)
        pass


def warm_for_command(args: list[str]) -> threading.Thread | None:
    """`args`: what follows `riktning report`. Starts the engine when the report asked for
    draws charts in that format (registry: `charts=True`); otherwise does nothing."""
    if not args:
        return None
    try:
        report = registry.get(args[0])
    except KeyError:
        return None
    fmt = None
    for i, arg in enumerate(args):
        if arg == "--format" and i + 1 < len(args):
            fmt = args[i + 1]
        elif arg.startswith("--format="):
            fmt = arg.split("=", 1)[1]
    if not report.charts or fmt not in ("html", "pdf", "docx"):
        return None
    return warm_charts(fmt)
