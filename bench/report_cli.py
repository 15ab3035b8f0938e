"""Wall-clock time of `riktning report followup latest --format docx|pdf -o FILE` from the
command line, as a person runs it: each a new process, timed from start to exit.

The demo is loaded into a fresh SQLite database in a temporary folder (`riktning demo --no-serve`,
not timed), or `--data-dir` names one already loaded. Then --runs rounds, each running every case
once in the same order (so the cases alternate and share the machine's load):

- baselines: `python -c "import django"` (the interpreter's start) and `riktning help` (Django set
  up and its commands listed: the floor of any `riktning` command);
- docx and pdf *cold*: the render store (reports/store.py) emptied first, so every chart is drawn
  and the PDF laid out, as for a follow-up whose data just changed;
- docx and pdf *warm*: run again at once: the charts (and the PDF) come from the store, as for an
  approved follow-up whose charts were drawn ahead;
- pdf *layout*: the charts stored but not the PDF file, so WeasyPrint lays it out (what an HTML
  change alone would cost);
- with `--before DIR` (another checkout, say main's), docx and pdf cold (the store emptied first)
  run from that checkout's code on the same database, alternating with the cases above.

Prints the median and the range of each, its ratio to `riktning help`, and the load average
before and after. Aims (issue #18 item 4): Word under 2 s, PDF under 3 s.

    .venv/bin/python bench/report_cli.py [--runs 5] [--data-dir DIR] [--before /work/main]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The console script `riktning`, run from this checkout.
RIKTNING = [
    sys.executable,
    "-c",
    "import sys; from riktning.cli import main; main(['riktning', *sys.argv[1:]])",
]
EMPTY = "from riktning.reports.models import Rendering as R; R.objects.{}.delete()"


def env(data_dir: str, root: Path = ROOT) -> dict[str, str]:
    environment = {**os.environ, "RIKTNING_DATA_DIR": data_dir, "PYTHONPATH": str(root)}
    environment.pop("DATABASE_URL", None)  # the data folder's SQLite database
    return environment


def run(args: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        args, env=environment, check=True, capture_output=True, cwd=environment["PYTHONPATH"]
    )
    return time.perf_counter() - start


def report(fmt: str, out: Path) -> list[str]:
    return [*RIKTNING, "report", "followup", "latest", "--format", fmt, "-o", str(out / f"r.{fmt}")]


def empty(which: str) -> list[str]:
    return [*RIKTNING, "shell", "-c", EMPTY.format(which)]


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--data-dir", help="a data folder with the demo loaded (default: a new one)"
    )
    parser.add_argument("--before", help="another checkout whose report commands to time too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or tmp
        environment = env(data_dir)
        if not args.data_dir:
            print("Loading the demo (not timed) …", flush=True)
            subprocess.run(
                [*RIKTNING, "demo", "--no-serve"],
                env=environment,
                check=True,
                capture_output=True,
                cwd=ROOT,
            )
        out = Path(tmp)
        all_rows, pdf_rows = "all()", "filter(fmt='pdf')"
        # (name, what to run first, not timed, or None; the timed command)
        cases = [
            ("python -c 'import django'", None, [sys.executable, "-c", "import django"]),
            ("riktning help", None, [*RIKTNING, "help"]),
            ("docx cold", empty(all_rows), report("docx", out)),
            ("docx warm", None, report("docx", out)),
            ("pdf cold", empty(all_rows), report("pdf", out)),
            ("pdf warm", None, report("pdf", out)),
            ("pdf layout (charts stored)", empty(pdf_rows), report("pdf", out)),
        ]
        before = {}
        if args.before:
            # Cold, as the cases above: the other checkout has the render store too, and would
            # otherwise read the charts this one just stored.
            before = {
                "docx cold before": report("docx", out),
                "pdf cold before": report("pdf", out),
            }
            cases += [(name, empty(all_rows), command) for name, command in before.items()]
        times: dict[str, list[float]] = {name: [] for name, _, _ in cases}
        print(f"load average before: {load()}", flush=True)
        for n in range(args.runs):
            for name, first, command in cases:
                if first:
                    subprocess.run(
                        first, env=environment, check=True, capture_output=True, cwd=ROOT
                    )
                where = env(data_dir, Path(args.before)) if name in before else environment
                times[name].append(run(command, where))
            print(f"round {n + 1}: load average {load()}", flush=True)
        print(f"load average after: {load()}")
        base = statistics.median(times["riktning help"])
        for name, _, _ in cases:
            t = times[name]
            print(
                f"{name:28} median {statistics.median(t):5.2f} s  (range {min(t):.2f}–{max(t):.2f})"
                f"  {statistics.median(t) / base:4.2f} × riktning help"
            )


if __name__ == "__main__":
    main()
