"""Fixtures for the fuzz tests: steps 11 and 12 with a small, known world of accounts and tasks.

Hypothesis runs each test body many times. ``world.reset()`` at the start of every
example puts back exactly the rows of two accounts, their tokens and four tasks,
so no example sees what an earlier one did (a logout, a deleted account).

Because of that reset, one world per step serves every test of a test process
(loading a step's package and building its app cost more than most tests):
whatever a test did to the data, the next example, in this test or the next,
starts from the seeded rows. No test changes the app itself or its settings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import event, select

from workshop.loader import load_app

from ..servers import API_STEPS


def served_description(step_dir) -> dict:
    """The OpenAPI description the step's app serves (flask-smorest writes it from the code)."""
    app = load_app(step_dir, config="testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    return app.test_client().get("/api/v1/openapi.json").get_json()


@cache
def spec() -> dict:
    """Step 11's description: test_fuzz_openapi.py proves step 12 serves the same one.

    Read when a test module is collected (not in pytest-xdist's controller, which collects nothing).
    """
    return served_description(API_STEPS[0])


@cache
def operations() -> list[tuple[str, str]]:
    """(method, path) of every operation the description lists (test_fuzz_openapi.py
    proves they are exactly the routes of the app)."""
    return [(method.upper(), path) for path, item in spec()["paths"].items()
            for method in item if method in {"get", "put", "post", "delete", "patch"}]


#: Bounded and reproducible: the same examples on every run and every machine.
#: FUZZ_EXAMPLES=500 runs a longer hunt (and finds other examples).
FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.data_too_large],
)


@dataclass
class World:
    """ada (tasks 1-3) and bob (task 4), each logged in."""

    app: object
    client: object
    tokens: dict[str, str] = field(default_factory=dict)
    task_ids: dict[str, list[int]] = field(default_factory=dict)
    #: Every row as seed() left it; reset() puts it back.
    baseline: dict = field(default_factory=dict)
    #: Whether data may differ from the baseline: a statement other than a SELECT has run
    #: on the app's database since the rows were last known to be the seed's (watch_writes()).
    touched: bool = False
    _rows: dict = field(default_factory=dict)

    PASSWORD = "fuzzing-password"

    def seed(self) -> None:
        """Register and log in ada and bob, give them their tasks, and keep every row."""
        for username, tasks in (("ada", 3), ("bob", 1)):
            self._post("/api/v1/accounts", {"username": username,
                                            "email": f"{username}@example.com",
                                            "password": self.PASSWORD})
            login = self._post("/api/v1/accounts/login",
                               {"username": username, "password": self.PASSWORD}, status=200)
            self.tokens[username] = login["token"]
            self.task_ids[username] = [
                self._post(f"/api/v1/accounts/{username}/tasks",
                           {"name": f"Task {n}", "note": "note", "due_date": "2030-01-01T09:00:00Z"},
                           token=login["token"])["id"]
                for n in range(tasks)
            ]
        db = self.app.extensions["sqlalchemy"]
        with self.app.app_context():
            self._rows = {table: [dict(row._mapping) for row in db.session.execute(select(table))]
                          for table in db.metadata.sorted_tables}
        self.baseline = self.snapshot()
        self.touched = False
        self.watch_writes()

    def watch_writes(self) -> None:
        """Mark the world touched whenever the app's engine runs a statement that may write.

        Only INSERT, UPDATE, DELETE and the like change rows: after requests that
        ran nothing but SELECTs, the rows are the seed's without reading them all.
        Anything that is not a SELECT counts, even a write that was rolled back.
        """
        def before_cursor_execute(conn, cursor, statement, *args) -> None:
            if statement.lstrip()[:6].upper() != "SELECT":
                self.touched = True

        with self.app.app_context():
            event.listen(self.app.extensions["sqlalchemy"].engine, "before_cursor_execute",
                         before_cursor_execute)

    def reset(self) -> None:
        """Back to the rows seed() made (its tokens work again): faster than seeding anew.

        When nothing may have written since the rows were the seed's (see
        ``touched``), there is nothing to put back.
        """
        if not self.touched:
            return
        db = self.app.extensions["sqlalchemy"]
        with self.app.app_context():
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            for table, rows in self._rows.items():
                if rows:
                    db.session.execute(table.insert(), rows)
            db.session.commit()
        self.touched = False  # after the reset's own writes

    def send(self, method: str, path: str, **options):
        """A request through the test client (which may change data)."""
        return self.client.open(path, method=method, **options)

    def unchanged(self) -> bool:
        """Whether every row is still as seed() left it.

        Read and compared row by row whenever a statement that may write has run since
        the rows were last known to be the seed's.
        """
        if not self.touched:
            return True
        same = self.snapshot() == self.baseline
        self.touched = not same
        return same

    def headers(self, username: str = "ada") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[username]}"}

    def snapshot(self) -> dict[str, list[tuple]]:
        """Every row of every table: what a rejected request must leave unchanged."""
        db = self.app.extensions["sqlalchemy"]
        with self.app.app_context():
            return {
                table.name: [tuple(row) for row in db.session.execute(
                    select(table).order_by(*table.primary_key))]
                for table in db.metadata.sorted_tables
            }

    def _post(self, path: str, body: dict, token: str | None = None, status: int = 201) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.post(path, json=body, headers=headers)
        assert response.status_code == status, response.get_json()
        return response.get_json()


@pytest.fixture(scope="session", params=API_STEPS, ids=lambda path: path.name)
def world(request, tmp_path_factory) -> Iterator[World]:
    """The step in testing mode (exceptions reach the test) on a new SQLite file, seeded.

    One per step for the test process: every example starts with ``world.reset()``.
    """
    database = tmp_path_factory.mktemp(f"fuzz-{request.param.name}") / "fuzz.sqlite"
    app = load_app(request.param, config="testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    world = World(app, app.test_client())
    world.seed()
    yield world
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()
