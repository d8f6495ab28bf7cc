"""The grader's speed-up: apps share Werkzeug's compiled URL builders, and URLs come out the same."""

from __future__ import annotations

from flask import Flask, url_for
from werkzeug.routing.rules import Rule

from workshop.pytest_grade import cache_url_builders


def make_app() -> Flask:
    app = Flask("builders")

    @app.get("/tasks/<int:task_id>")
    def show_task(task_id: int) -> str:
        return str(task_id)

    @app.get("/users/<uuid:user_id>")
    def show_user(user_id) -> str:
        return str(user_id)

    @app.get("/pages/", defaults={"number": 1})
    @app.get("/pages/<int:number>")
    def page(number: int) -> str:
        return str(number)

    # The same rule twice; the second fixes the year: its builder must not be the first one's.
    @app.get("/archive/<int:year>", endpoint="archive")
    @app.get("/archive/<int:year>", endpoint="archive_2024", defaults={"year": 2024})
    def archive(year: int) -> str:
        return str(year)

    @app.get("/files/<path:name>")
    def file(name: str) -> str:
        return name

    return app


def urls(app: Flask) -> list[str]:
    with app.test_request_context():
        return [
            url_for("show_task", task_id=7),
            url_for("show_task", task_id=7, q="a b&c"),
            url_for("show_user", user_id="0d6bd5d4-6a8b-4a4a-9a47-2c2a4f3b8e3e"),
            url_for("page"),
            url_for("page", number=3),
            url_for("file", name="notes/a b.txt"),
            url_for("archive", year=1999),
            url_for("archive_2024"),
            url_for("static", filename="style.css", _external=True),
        ]


def test_apps_share_builders_and_build_the_same_urls():
    expected = urls(make_app())
    original = Rule.__dict__["_compile_builder"]
    undo = cache_url_builders()
    try:
        first, second = make_app(), make_app()
        assert urls(first) == urls(second) == expected
        rule_of = {app: app.url_map._rules_by_endpoint["show_task"][0] for app in (first, second)}
        assert rule_of[first]._build.__func__ is rule_of[second]._build.__func__  # compiled once
    finally:
        undo()
    assert Rule.__dict__["_compile_builder"] is original
