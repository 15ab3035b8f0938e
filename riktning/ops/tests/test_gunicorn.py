"""The production command of docs/operations.md starts and serves: gunicorn riktning.wsgi with
production settings answers /healthz over plain http and sends everything else to https."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

SECRET = "p" * 10 + "Zq8-Xv_3Lp0Rm7Wn2Ts5Yb9Hc4Jd6Fg1Ae3Ku0Io8Pl5Mx2Nv7Bz4Cq1Wr9Et6Ys3"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not GUNICORN.exists() and not shutil.which("gunicorn"), reason="no gunicorn")
def test_gunicorn_serves_the_health_check_and_redirects_to_https(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RIKTNING_", "DATABASE_"))}
    env.pop("PYTEST_CURRENT_TEST", None)
    env.update(
        RIKTNING_SECRET_KEY=SECRET,
        RIKTNING_ALLOWED_HOSTS="riktning.example.se",
        RIKTNING_BEHIND_PROXY="1",
        RIKTNING_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'riktning.sqlite3'}",
    )
    port = free_port()
    command = [str(GUNICORN), "riktning.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    server = subprocess.Popen(
        command,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"Host": "riktning.example.se"}
        )
        for _ in range(100):
            try:
                health = client.get("/healthz")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        assert health.status_code == 200
        assert health.json()["checks"] == {"database": "ok"}
        redirect = client.get("/")
        assert redirect.status_code == 301
        assert redirect.headers["location"] == "https://riktning.example.se/"
        # Behind the proxy (X-Forwarded-Proto: https) the request counts as https: HSTS.
        secure = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
        assert secure.status_code == 200
        assert secure.headers["strict-transport-security"].startswith("max-age=31536000")
    finally:
        server.terminate()
        server.wait(timeout=20)
