"""The API served for real: the README walkthrough, big uploads, and gunicorn (steps 11 and 12).

Most run on SQLite only: what they prove is about HTTP servers, not databases.
The race test runs on both.
"""

from __future__ import annotations

import http.client
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from workshop.docs import file_commands, run_commands
from workshop.ports import free_port
from workshop.serving import serve

from ..servers import clean_env, gunicorn_command, stop
from .conftest import build_app, close_connections, shared_app

# Over the 1 MiB limit, and more than the kernel buffers on loopback take in
# without the server reading: without draining, the client would get a reset.
BIG_BODY = b'{"name": "' + b"x" * (4 * 1024 * 1024) + b'"}'


@pytest.fixture
def served(request, todo_package, shared_apps):
    """The step's app on the Werkzeug server, on an empty SQLite database; its base URL."""
    with serve(shared_app(request, todo_package, shared_apps, "sqlite")) as base_url:
        yield base_url


@pytest.fixture
def served_new(todo_package, tmp_path):
    """An app of its own on the Werkzeug server, on a new SQLite file; its base URL.

    The README's commands name task 1: ids start at 1 on a new database only.
    """
    app = build_app(todo_package, f"sqlite:///{tmp_path / 'todo.sqlite'}")
    with serve(app) as base_url:
        yield base_url
    close_connections(app)


def post(base_url: str, path: str, body: bytes, headers: dict[str, str] | None = None,
         chunked: bool = False):
    """POST with the standard library's client: it stops sending at a reset, as most do.

    *chunked* sends the body in 64 KiB chunks without a Content-Length.
    """
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    if chunked:
        body = [body[i:i + 65536] for i in range(0, len(body), 65536)]
    try:
        conn.request("POST", path, body=body, encode_chunked=chunked,
                     headers={"Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_readme_walkthrough_runs_as_documented(served_new, step_dir):
    commands = file_commands(step_dir / "README.md")
    assert len(commands) >= 15
    outcomes = run_commands(commands, served_new)
    failures = [outcome.describe() for outcome in outcomes if not outcome.ok]
    assert not failures, "\n\n".join(failures)
    assert len(outcomes) == len(commands)


# Each refused before the body is read: the client must still get the answer.
REFUSED_UPLOADS = [
    pytest.param("/api/v1/accounts", {}, False, 413, id="too big"),
    pytest.param("/api/v1/accounts", {}, True, 413, id="too big, chunked"),
    pytest.param("/api/v1/accounts/ada/tasks", {}, False, 401, id="no token"),
    pytest.param("/api/v1/accounts/ada/tasks", {"Authorization": "Bearer forged"}, True, 401,
                 id="bad token, chunked"),
    pytest.param("/api/v1/no/such/route", {}, False, 404, id="unknown route"),
]


@pytest.mark.parametrize("path, headers, chunked, expected", REFUSED_UPLOADS)
def test_a_refused_big_upload_gets_its_answer_not_a_reset_from_the_dev_server(
        served, path, headers, chunked, expected):
    status, _, body = post(served, path, BIG_BODY, headers, chunked=chunked)
    assert status == expected
    assert json.loads(body)["error"]["status"] == expected


# gunicorn: the test process's shared servers (tests/servers.py), on an empty database


@pytest.fixture
def gunicorn(gunicorn_pool, step_dir) -> str:
    """gunicorn with two sync workers on a free port, on an empty SQLite database; its base URL."""
    return gunicorn_pool.server(step_dir, "sqlite").url


def test_gunicorn_serves_the_api(gunicorn):
    account = {"username": "ada", "email": "ada@example.com", "password": "analytical"}
    status, headers, _ = post(gunicorn, "/api/v1/accounts", json.dumps(account).encode())
    assert status == 201
    assert headers["Server"] == "gunicorn"
    assert headers["X-Content-Type-Options"] == "nosniff"
    login = {"username": "ada", "password": "analytical"}
    status, _, body = post(gunicorn, "/api/v1/accounts/login", json.dumps(login).encode())
    assert status == 200
    auth = {"Authorization": f"Bearer {json.loads(body)['token']}"}
    status, headers, body = post(gunicorn, "/api/v1/accounts/ada/tasks",
                                 b'{"name": "Served by gunicorn"}', auth)
    assert status == 201 and json.loads(body)["name"] == "Served by gunicorn"
    assert headers["Location"] == f"/api/v1/accounts/ada/tasks/{json.loads(body)['id']}"


@pytest.mark.parametrize("path, headers, chunked, expected", REFUSED_UPLOADS)
def test_a_refused_big_upload_gets_its_answer_not_a_reset_from_gunicorn(
        gunicorn, path, headers, chunked, expected):
    for _ in range(3):  # each of the two workers, at least once
        status, _, body = post(gunicorn, path, BIG_BODY, headers, chunked=chunked)
        assert status == expected
        assert json.loads(body)["error"]["status"] == expected


def test_gunicorn_refuses_to_start_without_a_secret_key(tmp_path, step_dir):
    # gunicorn.conf.py selects the production config, which needs SECRET_KEY.
    process = subprocess.Popen(
        gunicorn_command(free_port()), cwd=step_dir,
        env=clean_env(DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite"), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        output, _ = process.communicate(timeout=30)
    finally:
        stop(process)
    assert process.returncode != 0
    assert "SECRET_KEY is not set" in output


def test_racing_requests_keep_the_totals_right(app, auth):
    """Threads tick and delete the same tasks at once: each change is counted once."""
    headers = auth.headers()
    client = app.test_client()
    ids = [client.post("/api/v1/accounts/ada/tasks", json={"name": f"task {n}"},
                       headers=headers).json["id"] for n in range(10)]

    def request(base_url: str, method: str, path: str, body: bytes = b"") -> int:
        parts = urlsplit(base_url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            conn.request(method, path, body=body or None,
                         headers={"Content-Type": "application/json", **headers})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def totals() -> tuple[int, int, int]:
        return tuple(client.get(f"/api/v1/accounts/ada/tasks{query}", headers=headers).json["total"]
                     for query in ("", "?completed=true", "?completed=false"))

    with serve(app) as base_url, ThreadPoolExecutor(max_workers=6) as pool:
        ticks = [pool.submit(request, base_url, "PUT", f"/api/v1/accounts/ada/tasks/{id}",
                             b'{"completed": true}') for id in ids for _ in range(3)]
        assert {tick.result() for tick in ticks} == {200}
        assert totals() == (10, 10, 0)
        deletes = [pool.submit(request, base_url, "DELETE", f"/api/v1/accounts/ada/tasks/{id}")
                   for id in ids for _ in range(3)]
        assert {delete.result() for delete in deletes} <= {204, 404}
    assert sorted(d.result() for d in deletes).count(204) == 10
    assert totals() == (0, 0, 0)
