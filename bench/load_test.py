"""A bounded load test through gunicorn on loopback: requests/s, p50/p95 and errors of the main
pages under concurrent clients, against `/healthz` in the same run.

A fresh SQLite database with the demo (bench/demo_database.py), served by gunicorn
(`riktning.wsgi`, sync workers as in docs/operations.md) on 127.0.0.1. For each concurrency and
each page, that many client threads request the page back to back (a new connection per request,
as gunicorn's sync workers close it) for --seconds; every page, /healthz included, gets the same
treatment in the same run, one after the other. Prints per page: requests/s, p50 and p95 of the
response time seen by the client, errors (anything but 200 or a failed connection), and the
page's throughput as a share of /healthz's.

    .venv/bin/python bench/load_test.py [--seconds 30] [--concurrency 20,50] [--workers 5]
        [--pages front,start,indicator,overview,healthz] [--no-cache]

`--no-cache` runs the server with Django's dummy cache (nothing is kept), which is Riktning
without the caching of docs/performance.md: run both in the same session to compare. The
machine's load average is printed before and after each page: the client threads share the
machine with the server, so compare figures within a run.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script
from bench.demo_database import demo_database  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(port: int, path: str, cookie: str, clients: int, seconds: float) -> dict:
    """`clients` threads requesting `path` back to back for `seconds`."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    headers = {"Host": "127.0.0.1", "Cookie": cookie} if cookie else {"Host": "127.0.0.1"}

    def client() -> None:
        mine, bad = [], []
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    bad.append(str(response.status))
            except OSError as exc:
                bad.append(type(exc).__name__)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
    }


def wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz")


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="per page and concurrency")
    parser.add_argument("--concurrency", default="20,50")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--pages", default="front,start,indicator,overview,healthz")
    parser.add_argument("--no-cache", action="store_true", help="serve with the dummy cache")
    args = parser.parse_args()
    with demo_database(demo_mode=True) as tmp:
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client

        from riktning.strategy.models import Version

        adopted = Version.objects.get(title="Strategi för social hållbarhet 2021–2030")
        link = (
            adopted.areas.order_by("order", "pk")
            .first()
            .goals.order_by("order", "pk")
            .first()
            .indicator_links.exclude(indicator=None)
            .first()
        )
        coordinator = Client(SERVER_NAME="127.0.0.1")
        coordinator.force_login(get_user_model().objects.get(username="samordnare"))
        name = settings.SESSION_COOKIE_NAME
        session = f"{name}={coordinator.cookies[name].value}"
        pages = {
            "front": ("/", ""),  # the public front page, anonymous
            "start": ("/", session),  # the coordinator's start page with the worklist
            "indicator": (f"/indikatorer/{link.indicator_id}/", ""),
            "overview": (f"/versioner/{adopted.pk}/uppfoljning/", ""),
            "healthz": ("/healthz", ""),
        }
        wanted = {name: pages[name] for name in args.pages.split(",")}
        if "healthz" not in wanted:
            wanted["healthz"] = pages["healthz"]
        port = free_port()
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        if args.no_cache:
            env["RIKTNING_CACHE_URL"] = "dummy://"
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "riktning.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(port, server)
            cache = "dummy cache (no caching)" if args.no_cache else "default cache"
            print(
                f"gunicorn, {args.workers} sync workers, {cache}, {args.seconds:.0f} s per page; "
                f"data in {tmp}",
                flush=True,
            )
            for clients in (int(c) for c in args.concurrency.split(",")):
                results = {}
                for name, (path, cookie) in wanted.items():
                    hammer(port, path, cookie, min(clients, 5), 1.0)  # warm every worker
                    before = load()
                    results[name] = r = hammer(port, path, cookie, clients, args.seconds)
                    r["load"] = f"{before} → {load()}"
                base = results["healthz"]["rps"]
                for name, r in results.items():
                    print(
                        f"c={clients:<3} {name:10} {r['rps']:7.1f} req/s  p50 "
                        f"{r['p50'] * 1000:6.1f} ms  p95 {r['p95'] * 1000:6.1f} ms  "
                        f"errors {r['errors']}{' ' + str(r['error_kinds']) if r['errors'] else ''}"
                        f"  {r['rps'] / base:5.0%} of /healthz  (load {r['load']})",
                        flush=True,
                    )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
