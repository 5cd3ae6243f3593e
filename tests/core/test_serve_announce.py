"""`meervoud serve` said "Meervoud draait op http://…" straight after starting gunicorn, before
gunicorn had the port. With the port taken (a second instance, or another program), an operator
read that Meervoud runs while it was about to stop with an error. The line now comes from
gunicorn itself once it listens."""

import os
import secrets
import socket
import subprocess
import sys


def env_for(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "MEERVOUD_DATABASE_URL"}
    return env | {"MEERVOUD_DEBUG": "0", "MEERVOUD_HTTPS": "0", "MEERVOUD_DATA_DIR": str(tmp_path),
                  "MEERVOUD_SECRET_KEY": secrets.token_urlsafe(50),
                  "DJANGO_SETTINGS_MODULE": "meervoud.conf.settings"}


def test_a_taken_port_is_not_announced_as_running(tmp_path):
    # a database that is up to date: `serve` refuses one with migrations waiting before it
    # reaches the port
    subprocess.run([sys.executable, "-m", "meervoud", "migrate", "-v", "0"], env=env_for(tmp_path),
                   check=True, timeout=300)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "meervoud", "serve", "--port", str(port), "--workers", "1"],
                              env=env_for(tmp_path), capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "draait op" not in done.stdout
    assert "Meervoud is gestopt" in done.stderr and "migrat" not in done.stderr
