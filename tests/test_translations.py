"""The UI is Swedish: every message in code and templates has a Swedish translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "riktning" / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def _entries(po_text: str):
    """Yield (flags, msgid, [msgstr, …]) for each entry of a .po file."""
    for block in po_text.strip().split("\n\n"):
        flags, key, parts = "", None, {}
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                parts[key] += line[1:-1]
            else:
                key, _, value = line.partition(" ")
                parts[key] = value[1:-1]
        if "msgid" in parts:
            strs = [v for k, v in parts.items() if k.startswith("msgstr")]
            yield flags, parts["msgid"], strs


def _untranslated(po_text: str) -> list[str]:
    return [
        msgid
        for flags, msgid, strs in _entries(po_text)
        if msgid and ("fuzzy" in flags or any(not s for s in strs))
    ]


def test_the_committed_swedish_catalogue_is_complete():
    assert PO.exists(), "run: riktning makemessages -l sv, then translate and compilemessages"
    assert not _untranslated(PO.read_text(encoding="utf-8"))
    assert PO.with_suffix(".mo").exists(), "compile the catalogue: riktning compilemessages"


def test_every_message_in_code_and_templates_is_in_the_swedish_catalogue():
    if not shutil.which("xgettext"):
        if os.environ.get("RIKTNING_REQUIRE_BROWSER") == "1":
            pytest.fail("gettext is missing (apt-get install gettext)")
        pytest.skip("gettext (xgettext) is not installed")
    original = PO.read_bytes()
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                "sv",
                "--no-obsolete",
                "--no-location",
                "--ignore",
                ".venv",
                "--ignore",
                "node_modules",
                # Not "--ignore data": it matches every folder named data, and so left out the
                # templates of web/templates/web/data/ (the upload pages stayed in English).
            ],
            cwd=ROOT / "riktning",
            check=True,
            capture_output=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "riktning.settings"},
        )
        missing = _untranslated(PO.read_text(encoding="utf-8"))
    finally:
        PO.write_bytes(original)
    assert not missing, f"{len(missing)} messages lack a Swedish translation: {missing[:10]}"
