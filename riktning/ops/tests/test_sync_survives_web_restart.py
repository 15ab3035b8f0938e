"""A Kolada sync started from the web completes in the worker while the web server is restarted
(issue 17): real processes — `riktning serve` (the web server), `riktning worker`, and a Kolada
replayed on loopback (FakeKolada, the server the sync and worker tests use, slowed down so the
sync is still fetching when the web server goes). The coordinator logs in and presses the
button over HTTP; the web server is stopped and started again mid-sync; the job is done, every
value is stored, and the new web server shows the result to the same session."""

import re
import signal
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest

from riktning.indicators.tests.fake_kolada import FakeKolada

from .test_gunicorn import SECRET, free_port
from .test_worker import _env, _riktning, _wait_for, migrated  # noqa: F401 (migrated: fixture)

PASSWORD = "Samordnarens-lösenord-1"
SET_UP = rf"""
import django
django.setup()
from riktning.accounts.constants import OrganisationKind, Role
from riktning.accounts.models import Membership, Organisation, User
from riktning.indicators.models import Indicator
office = Organisation.objects.create(
    name="Kommunledningskontoret", kind=OrganisationKind.ADMINISTRATION
)
user = User.objects.create_user("samordnare", password={PASSWORD!r})
Membership.objects.create(user=user, organisation=office, role=Role.COORDINATOR)
Indicator.objects.create(title="Exempeldata", source_kind="kolada", source_key="N15418")
"""


@pytest.fixture
def instance(migrated, tmp_path):  # noqa: F811
    import shutil

    shutil.copy(migrated, tmp_path / "riktning.sqlite3")
    env = _env(tmp_path)
    env.update(
        RIKTNING_SECRET_KEY=SECRET,
        RIKTNING_ALLOWED_HOSTS="127.0.0.1",
        RIKTNING_HTTPS="0",
        RIKTNING_DEBUG="0",
    )
    env.pop("PYTEST_CURRENT_TEST", None)
    done = subprocess.run([sys.executable, "-c", SET_UP], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return env, tmp_path / "riktning.sqlite3"


def _serve(env, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        _riktning("serve", "--port", str(port)),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(300):
        if server.poll() is not None:
            pytest.fail(f"the web server stopped: {server.communicate()[1][-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail("the web server did not start")


def _csrf(page: httpx.Response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _stop(process) -> None:
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_sync_started_on_the_web_completes_while_the_web_server_restarts(instance):
    env, database = instance
    port = free_port()
    server = worker = None
    with FakeKolada(page_cap=1, delay=0.25) as fake:
        env = {**env, "KOLADA_BASE_URL": fake.base_url}
        try:
            server = _serve(env, port)
            worker = subprocess.Popen(_riktning("worker", "--interval", "0.1"), env=env)
            browser = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
            login = browser.get("/konto/logga-in/")
            answer = browser.post(
                "/konto/logga-in/",
                data={
                    "username": "samordnare",
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": _csrf(login),
                },
            )
            assert answer.status_code == 302, answer.text[-2000:]
            started = browser.post(
                "/kolada/", data={"csrfmiddlewaretoken": _csrf(browser.get("/kolada/"))}
            )
            assert started.status_code == 302, started.text[-2000:]
            job_url = started.headers["location"]
            assert re.fullmatch(r"/kolada/\d+/", job_url), job_url

            # The worker has taken the job and is fetching when the web server goes.
            _wait_for(
                "select status from indicators_syncjob", database, {"fetching"}, process=worker
            )
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            asked_before_the_restart = len(fake.requests)
            with pytest.raises(httpx.TransportError):
                browser.get(job_url)
            server = _serve(env, port)  # started again, on the same address

            _wait_for(
                "select status from indicators_syncjob",
                database,
                {"succeeded", "failed"},
                process=worker,
                seconds=120,
            )
            asked_in_all = len(fake.requests)
            progress = browser.get(f"{job_url}status.json").json()
            page = browser.get(job_url)
            with sqlite3.connect(database) as db:
                kpis, areas, first, last = db.execute(
                    "select kpis, areas, first_year, last_year from indicators_syncjob"
                ).fetchone()
            served = fake.served_points(
                kpis.split(","), areas.split(","), list(range(first, last + 1))
            )
        finally:
            _stop(server)
            _stop(worker)

    with sqlite3.connect(database) as db:
        error = db.execute("select error from indicators_syncjob").fetchone()[0]
        (stored,) = db.execute("select count(*) from indicators_observation").fetchone()
        queue = db.execute("select status from django_tasks_database_dbtaskresult").fetchall()
    assert progress["status"] == "succeeded", (progress, error)
    assert progress["percent"] == 100 and not progress["active"]
    assert page.status_code == 200  # the same session, on the new web server
    assert stored == len(served) > 0
    assert asked_in_all > asked_before_the_restart  # fetching went on with no web server
    assert queue == [("SUCCESSFUL",)]
    assert worker.returncode == 0  # it ran on through the restart and stopped cleanly
