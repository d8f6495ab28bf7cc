"""Step 05: query strings, forms, cookies, headers, uploads, the session."""

import io
import os
from pathlib import Path

import pytest
from flask import request
from werkzeug.exceptions import BadRequestKeyError

from workshop.loader import find_step, load_app

STEP = "05_request"


def task_items(client, url="/tasks"):
    return client.get(url).text.count("<li ")


@pytest.mark.parametrize(
    "query, count",
    [("", 3), ("?limit=1", 1), ("?limit=0", 0), ("?limit=-5", 0), ("?limit=abc", 3), ("?limit=", 3)],
)
def test_limit_is_read_with_type_int_and_bad_values_fall_back(client, query, count):
    response = client.get("/tasks" + query)
    assert response.status_code == 200  # never a 500 on a bad number
    assert response.text.count("<li ") == count


def test_search_filters_by_name(client):
    assert task_items(client, "/tasks?q=FLASK") == 1
    assert task_items(client, "/tasks?q=nothing-matches") == 0


def test_search_ignores_case_in_the_query_and_the_names(client):
    client.post("/tasks", data={"name": "Write Docs"})
    page = client.get("/tasks?q=write").text
    assert page.count("<li ") == 2  # "write a template" and "Write Docs"
    assert "Write Docs" in page and "Write A Template" in page
    assert task_items(client, "/tasks?q=DOCS") == 1


def test_get_shows_the_form_post_processes_it(client):
    form = client.get("/tasks/new").text
    assert '<form method="post" action="/tasks">' in form
    assert 'name="name"' in form


def test_post_adds_the_task_and_redirects_to_the_list(client):
    response = client.post("/tasks", data={"name": "  write tests ", "note": "for step 05"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/tasks"
    page = client.get("/tasks").text
    assert "Write Tests" in page and "<small>for step 05</small>" in page
    assert task_items(client) == 4


@pytest.mark.parametrize("data", [{}, {"name": ""}, {"name": "   "}, {"note": "no name"}])
def test_missing_or_blank_name_is_400_and_adds_nothing(client, data):
    response = client.post("/tasks", data=data)
    assert response.status_code == 400
    assert "A task needs a name." in response.text
    assert task_items(client) == 3


def test_missing_form_key_raises_bad_request_key_error(app):
    # What request.form["name"] does on its own: a 400, not a 500.
    with app.test_request_context("/tasks", method="POST", data={}), pytest.raises(BadRequestKeyError) as caught:
        request.form["name"]
    assert caught.value.code == 400


def test_headers_and_cookies_are_read_with_get(client):
    body = client.get("/whoami", headers={"User-Agent": "workshop-test/1.0"}).text
    assert "<dd>workshop-test/1.0</dd>" in body
    assert "<dd>not set</dd>" in body  # no cookie: .get() gives None, never a KeyError
    client.set_cookie("theme", "dark")
    assert "<dd>dark</dd>" in client.get("/whoami").text


def test_session_counts_visits_per_client(app, client):
    for expected in (1, 2, 3):
        assert f"<dd>{expected}</dd>" in client.get("/whoami").text
    other = app.test_client()
    assert "<dd>1</dd>" in other.get("/whoami").text


def test_tampered_session_cookie_is_ignored(client):
    client.get("/whoami")
    cookie = client.get_cookie("session")
    assert cookie is not None
    client.set_cookie("session", cookie.value[:-2] + "xx")  # break the signature
    assert "<dd>1</dd>" in client.get("/whoami").text  # a fresh session, not an error


def test_secret_key_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert load_app(find_step(STEP)).secret_key == "from-the-environment"
    monkeypatch.delenv("SECRET_KEY")
    first, second = load_app(find_step(STEP)), load_app(find_step(STEP))
    assert len(first.secret_key) == 64 and first.secret_key != second.secret_key


def upload(client, filename, content=b"hello"):
    return client.post("/upload", data={"file": (io.BytesIO(content), filename)})


def test_upload_is_saved_in_the_upload_folder(app, client):
    response = upload(client, "notes.txt")
    assert response.status_code == 200
    assert response.text == "Saved notes.txt."
    folder = app.config["UPLOAD_FOLDER"]
    assert Path(folder, "notes.txt").read_bytes() == b"hello"


def test_default_upload_folder_is_in_the_instance_folder():
    app = load_app(find_step(STEP))
    assert app.config["UPLOAD_FOLDER"] == f"{app.instance_path}/uploads"
    assert app.instance_path.endswith("steps/05_request/instance")


def test_filename_with_a_path_is_saved_inside_the_folder(app, client, tmp_path):
    response = upload(client, "../../evil.py", b"print('pwned')")
    assert response.status_code == 200
    assert response.text == "Saved evil.py."
    assert (tmp_path / "uploads" / "evil.py").is_file()
    assert not (tmp_path / "evil.py").exists() and not (tmp_path.parent / "evil.py").exists()


@pytest.mark.parametrize("filename", ["../..", "", "/"])
def test_filename_with_nothing_safe_left_is_400(client, filename):
    response = upload(client, filename)
    assert response.status_code == 400
    assert "Choose a file" in response.text or "named &#39;file&#39;" in response.text


def test_missing_file_field_is_400(client):
    response = client.post("/upload", data={"note": "nothing"})
    assert response.status_code == 400
    assert "named &#39;file&#39;" in response.text


def test_existing_file_is_not_overwritten(app, client):
    assert upload(client, "notes.txt", b"first").status_code == 200
    response = upload(client, "notes.txt", b"second")
    assert response.status_code == 409
    assert Path(app.config["UPLOAD_FOLDER"], "notes.txt").read_bytes() == b"first"


def test_oversized_upload_is_413(app, client):
    response = upload(client, "big.bin", b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert response.status_code == 413
    assert not os.path.exists(os.path.join(app.config["UPLOAD_FOLDER"], "big.bin"))


def test_user_input_stays_escaped(client):
    client.post("/tasks", data={"name": "<script>alert(1)</script>"})
    body = client.get("/tasks").text
    assert "<script>" not in body and "&lt;Script&gt;" in body
    assert "<b>" not in upload(client, "<b>.txt").text
