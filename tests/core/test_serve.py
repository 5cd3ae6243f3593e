"""``meervoud serve`` for real: gunicorn with the production settings on a fresh SQLite database.

De-identification (deduce, about 1 GiB of Python objects) is loaded once in the gunicorn master
and shared copy-on-write by the workers; a worker that loaded its own copy would hold that
gigabyte privately. The intake's de-identification must work in the forked workers.
"""

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux /proc needed")

INTAKE = "/verhaal/nieuw/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mib(pid: int, *names: str) -> float:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    return sum(int(fields[name].split()[0]) for name in names) / 1024


def private_mib(pid: int) -> float:
    return mib(pid, "Private_Clean", "Private_Dirty")


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if k != "MEERVOUD_DATABASE_URL"}
    env |= {"MEERVOUD_DEBUG": "0", "MEERVOUD_HTTPS": "0", "MEERVOUD_DATA_DIR": str(data),
            "MEERVOUD_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_SETTINGS_MODULE": "meervoud.conf.settings"}
    meervoud = [sys.executable, "-m", "meervoud"]
    subprocess.run([*meervoud, "migrate", "--no-input"], env=env, check=True, capture_output=True)
    port = free_port()
    said = data / "stdout.txt"
    server = subprocess.Popen([*meervoud, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=said.open("w"), stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/gezond/", timeout=5)
                break
            except OSError:
                assert server.poll() is None, "meervoud serve stopped"
                time.sleep(0.5)
        # the announcement comes once gunicorn listens (tests/core/test_serve_announce.py)
        assert f"Meervoud draait op http://127.0.0.1:{port}/" in said.read_text()
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_the_intake_removes_names_in_the_served_app(served):
    base, _pid = served
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + INTAKE, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    municipality = re.search(r'<option value="(\d+)"', page).group(1)
    domain = re.search(r'name="life_domains" value="([^"]+)"', page).group(1)
    level = re.search(r'name="level" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({
        "csrfmiddlewaretoken": token, "step": "story", "municipality": municipality,
        "life_domains": domain, "level": level, "language": "nl",
        "text": "Ik ben Sanne de Wit. Ik sliep maanden in de auto voordat ik hulp kreeg."}).encode()
    request = urllib.request.Request(base + INTAKE, data=body, headers={"Referer": base + INTAKE})
    review = opener.open(request, timeout=120).read().decode()
    preview = re.search(r'<textarea[^>]*name="reviewed_text"[^>]*>([^<]*)</textarea>', review).group(1)
    assert "in de auto" in preview
    assert "Sanne" not in preview and "de Wit" not in preview


def test_workers_share_the_de_identification_tables_of_the_master(served):
    _base, pid = served
    gunicorn = [p for p in children(pid) if b"gunicorn" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert len(gunicorn) == 1
    # on a busy machine a worker may be between a timeout and its replacement: wait for both
    for _ in range(60):
        workers = children(gunicorn[0])
        if len(workers) == 2:
            break
        time.sleep(0.5)
    assert len(workers) == 2, workers
    # The master holds deduce (~1 GiB); each worker adds far less than a copy of its own.
    assert mib(gunicorn[0], "Rss") > 500, mib(gunicorn[0], "Rss")
    assert all(private_mib(worker) < 500 for worker in workers), [private_mib(w) for w in workers]
