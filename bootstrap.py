#!/usr/bin/env python3
"""Set up Riktning in a local virtual environment, then run the demo or the tests.

    python3 bootstrap.py demo [--port N] [--no-serve]
    python3 bootstrap.py test [pytest arguments ...]

Needs only Python 3.11 or newer (this file uses the standard library alone). The first run makes
`.venv/` and installs the exact, hash-checked packages of a lock file: `requirements/runtime.lock`
for the demo, `requirements/test.lock` (the runtime packages and the test tools) for the tests,
then the project itself without dependencies. Later runs skip the installation as long as
pyproject.toml and the lock file are unchanged, so running a command again is fast and safe.
How to update the lock files: docs/operations.md, "Dependencies".
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".riktning-installed"
IS_WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if IS_WINDOWS else "bin")
EXE = ".exe" if IS_WINDOWS else ""
VENV_PYTHON = BIN / f"python{EXE}"
RIKTNING = BIN / f"riktning{EXE}"
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LOCKS = {
    "runtime": ROOT / "requirements" / "runtime.lock",
    "test": ROOT / "requirements" / "test.lock",
}

USAGE = """usage: python3 bootstrap.py demo [--port N] [--no-serve]
       python3 bootstrap.py test [pytest arguments ...]

  demo   install into .venv, migrate the SQLite database in ./data, load the Trelleborg demo
         and serve it at http://127.0.0.1:8000/ (--no-serve: load and exit)
  test   install into .venv (and axe-core with npm when available), then run the test suite"""


def say(message: str) -> None:
    print(f"[riktning] {message}", flush=True)


def fail(message: str, code: int = 1) -> None:
    print(f"[riktning] error: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


def run(cmd: list[str | Path], what: str) -> None:
    """Run a set-up step; stop with a clear message if it fails."""
    result = subprocess.run([str(part) for part in cmd], cwd=ROOT)
    if result.returncode != 0:
        fail(f"{what} failed (exit code {result.returncode}); see the output above.")


def install_fingerprint(kind: str) -> str:
    """What an installation of `kind` ("runtime" or "test") depends on: pyproject.toml (the
    entry points) and the lock file."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(LOCKS[kind].read_bytes())
    return f"{kind}:{digest.hexdigest()}"


def ensure_venv(kind: str) -> None:
    """Create .venv if needed and install the locked packages of `kind` and the project into it,
    unless they are up to date (the test packages include everything the demo needs)."""
    if sys.version_info < (3, 11):  # noqa: UP036 - a clear message for an older python3
        fail(f"Riktning needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not VENV_PYTHON.exists():
        say(f"Creating a virtual environment in {VENV.relative_to(ROOT)}/ …")
        run([sys.executable, "-m", "venv", VENV], "Creating the virtual environment")
    enough = {install_fingerprint(kind)}
    if kind == "runtime":
        enough.add(install_fingerprint("test"))
    installed = STAMP.read_text(encoding="utf-8").strip() if STAMP.exists() else ""
    if installed in enough and RIKTNING.exists():
        say("Dependencies are up to date (pyproject.toml and the lock file unchanged).")
        return
    lock = LOCKS[kind]
    say("Upgrading pip …")
    run([VENV_PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], "Upgrading pip")
    say(f"Installing the locked dependencies ({lock.relative_to(ROOT).as_posix()}) …")
    run(
        [VENV_PYTHON, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", lock],
        "Installing the locked dependencies",
    )
    say("Installing Riktning (pip install --no-deps --editable .) …")
    run(
        [VENV_PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "--editable", "."],
        "Installing the project",
    )
    STAMP.write_text(install_fingerprint(kind) + "\n", encoding="utf-8")
    say("Dependencies installed.")


def ensure_axe_core() -> None:
    """Install axe-core for the browser tests from package-lock.json, if npm is available."""
    if AXE_JS.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        say("npm is not installed: the browser and accessibility tests will be skipped.")
        return
    say("Installing axe-core for the accessibility tests (npm ci) …")
    result = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT)
    if result.returncode != 0:
        say(f"npm ci failed (exit code {result.returncode}): browser tests will be skipped.")


def exec_final(cmd: list[str | Path]) -> None:
    """Hand over to the final command; its exit code becomes ours."""
    args = [str(part) for part in cmd]
    sys.stdout.flush()
    if IS_WINDOWS:
        sys.exit(subprocess.call(args, cwd=ROOT))
    os.chdir(ROOT)
    os.execv(args[0], args)


def demo(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python3 bootstrap.py demo",
        description="Install Riktning into .venv, load the Trelleborg demo and serve it.",
    )
    parser.add_argument("--port", type=int, help="port to serve on (default 8000)")
    parser.add_argument("--no-serve", action="store_true", help="load the demo, then exit")
    options = parser.parse_args(argv)
    ensure_venv("runtime")
    cmd: list[str | Path] = [RIKTNING, "demo"]
    if options.port is not None:
        cmd += ["--port", str(options.port)]
    if options.no_serve:
        cmd.append("--no-serve")
    say("Starting the demo (riktning demo) …")
    exec_final(cmd)


def test(argv: list[str]) -> None:
    ensure_venv("test")
    ensure_axe_core()
    if not CHROMIUM.exists():
        say(
            f"{CHROMIUM} is missing (Debian: apt-get install chromium): "
            "the browser and accessibility tests will be skipped."
        )
    say("Running the tests (pytest" + (" " + " ".join(argv) if argv else "") + ") …")
    exec_final([VENV_PYTHON, "-m", "pytest", *argv])


def main(argv: list[str]) -> None:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        sys.exit(0 if argv else 2)
    command, rest = argv[0], argv[1:]
    if command == "demo":
        demo(rest)
    elif command == "test":
        test(rest)
    else:
        print(USAGE, file=sys.stderr)
        fail(f"unknown command {command!r}", code=2)


if __name__ == "__main__":
    main(sys.argv[1:])
