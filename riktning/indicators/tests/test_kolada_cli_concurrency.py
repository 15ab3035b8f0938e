"""A command-line Kolada sync on SQLite does not hold the database while Kolada is slow
(issue 11): while `riktning kolada sync` fetches pages from a slow Kolada, a person's status
update on the web is saved at once. It used to wait for the whole fetch (one write transaction
held from the first request to the last) and get the 503 page after SQLite's 20 s timeout.

Real processes on one SQLite file, as on a server: the demo is loaded with `riktning demo`, the
sync runs as the command, and the web write is made by a second process through Django's whole
request stack (test client, every middleware, the status form). Kolada is the loopback fake,
taking DELAY seconds over each page."""

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from .fake_kolada import FakeKolada

DELAY = 0.3  # seconds per page of values
PAGES = 15  # one value object per page, for 2010–2024
PROMPT = 3.0  # seconds a status update may take while the sync fetches

WRITER = r"""
import datetime, json, re, sys, time
import django
django.setup()
from django.test import Client
from riktning.accounts.models import User
from riktning.actionplans.models import Measure

client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(username="samordnare"))
measure = Measure.objects.order_by("pk").first()
url = f"/atgarder/{measure.pk}/status/"
form = client.get(url).content.decode()
hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
hidden.pop("csrfmiddlewaretoken", None)
print("ready", flush=True)
sys.stdin.readline()  # "go": the sync is fetching now
started = time.monotonic()
response = client.post(
    url,
    {
        **hidden,
        "status": "ongoing",
        "date": datetime.date.today().isoformat(),
        "comment": "Under synkroniseringen",
    },
)
seconds = time.monotonic() - started
errors = re.findall(r'class="error-summary".*?</div>', response.content.decode(), re.S)
print(json.dumps({"status": response.status_code, "seconds": seconds, "errors": errors}))
"""


def _riktning(*args: str) -> list[str]:
    return [sys.executable, "-c", "from riktning.cli import main; main()", *args]


@pytest.fixture
def instance(tmp_path):
    """The environment of a Riktning on an SQLite file in tmp_path, migrated, with the demo."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        RIKTNING_DATA_DIR=str(tmp_path),
        RIKTNING_DEMO="1",
        DJANGO_SETTINGS_MODULE="riktning.settings",
    )
    loaded = subprocess.run(
        _riktning("demo", "--no-serve"), env=env, capture_output=True, text=True
    )
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    return env, tmp_path / "riktning.sqlite3"


def test_a_web_status_update_is_saved_at_once_while_the_cli_sync_waits_for_kolada(instance):
    env, database = instance
    with FakeKolada(page_cap=1, delay=DELAY) as fake:
        env = {**env, "KOLADA_BASE_URL": fake.base_url}
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout.readline().strip() == "ready"
        sync = subprocess.Popen(
            _riktning(
                "kolada", "sync", "--kpi", "N15418", "--areas", "1287", "--years", "2010-2024"
            ),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while sum("/data/" in path for path in fake.requests) < 2:
                assert sync.poll() is None, sync.communicate()
                assert time.monotonic() < deadline, "the sync never asked Kolada for values"
                time.sleep(0.05)

            writer.stdin.write("go\n")
            writer.stdin.flush()
            result = json.loads(writer.stdout.readline())
            pages_by_then = sum("/data/" in path for path in fake.requests)
            still_fetching = sync.poll() is None
            out, err = sync.communicate(timeout=120)
        finally:
            for process in (writer, sync):
                if process.poll() is None:
                    process.kill()

    assert result["status"] == 302, result  # saved: back to the plan with a message
    assert result["seconds"] < PROMPT, (
        f"the status update waited {result['seconds']:.1f} s, until Kolada had sent "
        f"{pages_by_then} of {PAGES} pages"
    )
    assert still_fetching and pages_by_then < PAGES, "the write was not made during the fetch"
    assert sync.returncode == 0, err
    with sqlite3.connect(database) as db:
        (comments,) = db.execute(
            "select count(*) from actionplans_measurestatusupdate where comment = ?",
            ["Under synkroniseringen"],
        ).fetchone()
        (values,) = db.execute(
            "select count(*) from indicators_observation o join indicators_importbatch b "
            "on o.batch_id = b.id where b.source = 'kolada'"
        ).fetchone()
    assert comments == 1
    assert values == PAGES * 3  # T, K and M for every year
