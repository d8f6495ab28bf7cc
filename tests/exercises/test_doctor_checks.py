"""`workshop doctor`: each problem is found and comes with a one-line fix."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from workshop import doctor
from workshop.exercises import REPO
from workshop.ports import free_port


@pytest.fixture
def busy_port():
    """A port some other program is listening on (as AirPlay holds 5000 on macOS)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_busy_port_is_found_with_another_port_as_fix(busy_port):
    finding = doctor.port_free(busy_port)
    assert not finding.ok
    assert f"port {busy_port} is already in use" in finding.what
    assert f"--port {busy_port + 1}" in finding.fix


def test_free_port_is_fine():
    assert doctor.port_free(free_port()).ok


def test_port_of_a_server_just_stopped_is_free():
    # A server that closed its connections first leaves them in TIME_WAIT for a minute; the
    # next `flask run` on that port still starts (servers bind with SO_REUSEADDR), so the
    # doctor must not call the port busy.
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            connection, _ = server.accept()
            connection.close()  # the server's side closes first: its end waits in TIME_WAIT
            client.recv(1)
    assert doctor.port_free(port).ok


def test_old_python_is_found():
    finding = doctor.python_version((3, 9, 18))
    assert not finding.ok and "3.9.18 is too old" in finding.what and "make venv" in finding.fix
    assert doctor.python_version((3, 12, 1)).ok


def test_missing_or_inactive_virtualenv_is_found(tmp_path):
    outside = doctor.virtualenv(prefix="/usr", base="/usr", active="")
    assert not outside.ok and "source .venv/bin/activate" in outside.fix
    inactive = doctor.virtualenv(prefix=str(tmp_path / ".venv"), base="/usr", active="")
    assert not inactive.ok and "not active in this shell" in inactive.what
    active = doctor.virtualenv(prefix=str(tmp_path / ".venv"), base="/usr", active=str(tmp_path / ".venv"))
    assert active.ok


def test_wrong_folder_says_where_to_go(tmp_path):
    finding = doctor.at_repo_root(tmp_path)
    assert not finding.ok and finding.fix == f"cd {REPO}"
    assert doctor.at_repo_root(REPO).ok


def test_doctor_command_outside_the_repo_lists_problems_with_fixes(tmp_path, busy_port):
    environment = dict(os.environ, VIRTUAL_ENV=sys.prefix)
    done = subprocess.run([sys.executable, "-m", "workshop", "doctor", "--port", str(busy_port)],
                          cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "✓ Flask" in done.stdout and "✓ Python" in done.stdout
    assert f"✗ port {busy_port} is already in use" in done.stdout
    assert f"fix: cd {REPO}" in done.stdout
    assert "2 problems to fix." in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
