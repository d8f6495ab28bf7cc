"""Step 09: the tasks in a database: Flask-SQLAlchemy, the Task model, init-db, db.paginate."""

import sys
from datetime import UTC, datetime

import pytest

from workshop.loader import find_step, load_app

STEP = "09"  # the app, client and runner fixtures of tests/conftest.py
STEP_DIR = find_step(STEP)


def create(client, **fields):
    response = client.post("/api/v1/tasks", json=fields)
    assert response.status_code == 201, response.json
    return response.json


def test_a_task_is_stored_with_its_dates_in_utc(client):
    task = create(client, name="Translate Menabrea", due_date="2026-05-01T11:30:00+02:00")
    assert task["due_date"] == "2026-05-01T09:30:00Z"
    created = datetime.fromisoformat(task["creation_date"])
    assert created.utcoffset().total_seconds() == 0
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60
    assert client.get(f"/api/v1/tasks/{task['id']}").json == task


def test_tasks_outlive_the_app_object_they_were_created_by(app, tmp_path):
    create(app.test_client(), name="kept")
    again = load_app(STEP_DIR, config="testing",
                     SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    assert [t["name"] for t in again.test_client().get("/api/v1/tasks").json["tasks"]] == ["kept"]


@pytest.mark.parametrize("due", ["01/05/2026", "tomorrow", 1767225600, "9999-12-31T23:00:00-05:00"])
def test_dates_must_be_iso_8601(client, due):
    response = client.post("/api/v1/tasks", json={"name": "x", "due_date": due})
    assert response.status_code == 400
    assert list(response.json["error"]["fields"]) == ["due_date"]


def test_text_a_database_cannot_store_is_refused(client):
    response = client.post("/api/v1/tasks", json={"name": "NUL \u0000 inside"})
    assert response.status_code == 400 and list(response.json["error"]["fields"]) == ["name"]


def test_pages_of_tasks_oldest_first_with_the_completed_filter(client):
    ids = [create(client, name=f"task {n}", completed=n % 3 == 0)["id"] for n in range(25)]
    first = client.get("/api/v1/tasks").json
    assert (first["page"], first["per_page"], first["total"]) == (1, 20, 25)
    assert [t["id"] for t in first["tasks"]] == ids[:20]
    assert [t["id"] for t in client.get("/api/v1/tasks?page=2").json["tasks"]] == ids[20:]
    small = client.get("/api/v1/tasks?page=3&per_page=4").json
    assert [t["id"] for t in small["tasks"]] == ids[8:12]
    assert client.get("/api/v1/tasks?page=9").json["tasks"] == []
    done = client.get("/api/v1/tasks?completed=true&per_page=100").json
    assert [t["id"] for t in done["tasks"]] == ids[::3] and done["total"] == 9
    assert client.get("/api/v1/tasks?completed=false").json["total"] == 16


def test_type_int_falls_back_to_the_default_and_out_of_range_is_400(client):
    create(client, name="one")
    assert client.get("/api/v1/tasks?page=abc").json["page"] == 1
    for query, field in [("page=0", "page"), ("per_page=101", "per_page"),
                         ("completed=yes", "completed"), ("page=99999999999", "page")]:
        response = client.get(f"/api/v1/tasks?{query}")
        assert response.status_code == 400 and list(response.json["error"]["fields"]) == [field]


def test_update_and_delete_in_the_database(client):
    task = create(client, name="Draft", note="first")
    response = client.put(f"/api/v1/tasks/{task['id']}", json={"completed": True, "note": None})
    assert response.json == dict(task, completed=True, note=None)
    assert client.delete(f"/api/v1/tasks/{task['id']}").status_code == 204
    assert client.get(f"/api/v1/tasks/{task['id']}").status_code == 404
    assert client.get("/api/v1/tasks").json["total"] == 0


def test_ids_are_never_used_twice(client):
    newest = create(client, name="newest")
    client.delete(f"/api/v1/tasks/{newest['id']}")
    assert create(client, name="again")["id"] > newest["id"]


@pytest.mark.parametrize("id", ["2147483648", "99999999999999999999999"])
def test_an_id_bigger_than_the_database_holds_is_404(client, id):
    assert client.get(f"/api/v1/tasks/{id}").status_code == 404


def test_init_db_names_the_database_asks_and_empties_it(client, runner):
    create(client, name="doomed")
    result = runner.invoke(args=["init-db"], input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
    assert result.output.index("Database: sqlite:///") < result.output.index("Continue?")
    assert client.get("/api/v1/tasks").json["total"] == 1
    result = runner.invoke(args=["init-db", "--yes"])
    assert result.exit_code == 0 and "Initialized the database." in result.output
    assert client.get("/api/v1/tasks").json["total"] == 0


@pytest.mark.parametrize("given, used", [
    ("postgres://u:p@db.example:5432/todo", "postgresql+psycopg://u:p@db.example:5432/todo"),
    ("postgresql://u@db.example/todo", "postgresql+psycopg://u@db.example/todo"),
    ("sqlite:///todo.sqlite", "sqlite:///todo.sqlite"),
])
def test_database_urls_are_pointed_at_psycopg_3(app, given, used):
    database_url = sys.modules[f"{app.import_name}.config"].database_url
    assert database_url(given) == used


def test_database_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'from-env.sqlite'}")
    app = load_app(STEP_DIR, config="development")
    create(app.test_client(), name="stored where DATABASE_URL says")
    assert (tmp_path / "from-env.sqlite").is_file()


def test_development_uses_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = load_app(STEP_DIR, config="development")
    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
        assert engine.url.database == f"{app.instance_path}/todo.sqlite"


def test_the_testing_config_needs_a_database():
    with pytest.raises(RuntimeError, match="The testing config has no database"):
        load_app(STEP_DIR, config="testing")
