"""deduce's lookup cache (session 27). Twice a CI run failed in `meervoud serve` with a cache
no process could read ("pickle data was truncated", "'dict' object has no attribute 'append'").
Cause: bin/_venv built the cache in UTC; deduce stores the build time in local time and compares
its data files' times in the reader's local time, so for Django's processes (Europe/Amsterdam)
the cache looked stale for the first hour after an install, and the web server and the worker
(or the test workers) rebuilt it and wrote the same file at once."""

import os
import subprocess
import sys
import time
from pathlib import Path

from meervoud.deidentify.deduce_backend import _one_builder

ROOT = Path(__file__).resolve().parents[2]

VALIDATE = """
import datetime, os, sys, time
from pathlib import Path
from deduce.lookup_structs import validate_lookup_struct_cache
base = Path(sys.argv[1])
cache = {"deduce_version": "x", "saved_datetime": sys.argv[2]}
print(validate_lookup_struct_cache(cache=cache, base_path=base, deduce_version="x"))
"""


def _saved_now(tz: str) -> str:
    """What deduce stores as the build time, built in this zone (``str(datetime.now())``)."""
    return subprocess.run([sys.executable, "-c", "import datetime; print(datetime.datetime.now())"],
                          env=os.environ | {"TZ": tz}, capture_output=True, text=True,
                          check=True).stdout.strip()


def _fresh_in(tz: str, base: Path, saved: str) -> bool:
    done = subprocess.run([sys.executable, "-c", VALIDATE, str(base), saved],
                          env=os.environ | {"TZ": tz}, capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


def test_the_cache_bin_venv_builds_is_fresh_for_django_and_for_utc(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "namen.txt").write_text("Jan\n")  # installed just now
    assert "TZ=UTC-14" in (ROOT / "bin" / "_venv").read_text()
    saved = _saved_now("UTC-14")
    for reader in ("Europe/Amsterdam", "UTC", "UTC-14"):
        assert _fresh_in(reader, tmp_path, saved), reader
    # what went wrong: built in UTC, stale for a reader in Amsterdam
    assert not _fresh_in("Europe/Amsterdam", tmp_path, _saved_now("UTC"))


HOLD = """
import sys, time
from pathlib import Path
from meervoud.deidentify.deduce_backend import _one_builder
with _one_builder(Path(sys.argv[1])):
    start = time.monotonic()
    time.sleep(1.5)
    print(start, time.monotonic())
"""


def _two_at_once(cache: Path) -> list[tuple[float, float]]:
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    processes = [subprocess.Popen([sys.executable, "-c", HOLD, str(cache)], env=env,
                                  stdout=subprocess.PIPE, text=True) for _ in range(2)]
    spans = sorted(tuple(map(float, p.communicate(timeout=60)[0].split())) for p in processes)
    assert all(p.returncode == 0 for p in processes)
    return spans


def _lookup(tmp_path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "namen.txt").write_text("Jan\n")
    (tmp_path / "cache").mkdir()
    return tmp_path / "cache"


def test_while_the_cache_must_be_built_one_process_at_a_time_constructs(tmp_path):
    (first_start, first_end), (second_start, _end) = _two_at_once(_lookup(tmp_path))
    assert second_start >= first_end  # the second waited for the first


def test_a_built_cache_is_read_by_every_process_at_once(tmp_path):
    cache = _lookup(tmp_path)
    built = cache / "lookup_structs.pickle"
    built.write_bytes(b"built")
    source = tmp_path / "src" / "namen.txt"
    os.utime(source, (built.stat().st_mtime - 60, built.stat().st_mtime - 60))
    (first_start, first_end), (second_start, _end) = _two_at_once(cache)
    assert second_start < first_end  # no waiting
    os.utime(source, None)  # a source changed since: built again, one at a time
    os.utime(built, (source.stat().st_mtime - 60, source.stat().st_mtime - 60))
    (first_start, first_end), (second_start, _end) = _two_at_once(cache)
    assert second_start >= first_end


def test_without_a_writable_cache_folder_it_goes_on(tmp_path):
    missing = tmp_path / "bestaat-niet"
    with _one_builder(missing):
        entered = time.monotonic()
    assert entered and not missing.exists()
