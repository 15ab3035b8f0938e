"""A real OpenID Connect provider for the single sign-on tests (django-oidc-provider in a small
Django project of its own, run in a separate process). `running_provider()` starts it."""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def running_provider(
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    users: list[dict],
    post_logout_redirect_uri: str = "",
) -> Iterator[str]:
    """Starts the provider on a free loopback port with one client and these users (username,
    password, email, first_name, last_name, groups: "org:NAME" / "role:NAME"); yields its base
    URL (its issuer) and stops it after. `post_logout_redirect_uri`: where the client may send
    people back after the provider's logout (single logout)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, OIDC_PROVIDER_DB=str(Path(tmp) / "op.sqlite3"))
        env.pop("DJANGO_SETTINGS_MODULE", None)
        spec = {
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uri": redirect_uri,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "users": [dict(u, groups=list(u.get("groups", []))) for u in users],
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider_site.serve", json.dumps(spec)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            port = None
            output = []
            for line in process.stdout:
                output.append(line)
                if line.startswith("PORT "):
                    port = int(line.split()[1])
                    break
            assert port, "the OpenID Connect provider did not start:\n" + "".join(output)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)
