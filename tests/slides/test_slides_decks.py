"""Every deck renders, every include resolves, every httpie command answers as the slide says."""

from __future__ import annotations

import functools
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from workshop.docs import file_commands, run_commands
from workshop.exercises import load_catalog
from workshop.loader import REPO, load_app, step_dirs
from workshop.serving import serve
from workshop.slides.includes import parse_info, resolve
from workshop.slides.render import deck_paths, load_deck, markdown

DECKS = deck_paths()

#: What each deck must teach (CURRICULUM.md): a topic is covered when its term is on a slide.
TOPICS = {
    "00_intro": ["make run", "make test", "steps/", "exercises/", "solutions/", "workshop check", "workshop diff"],
    "01_hello_world": ["microframework", "Werkzeug", "WSGI", "Jinja", "Flask(__name__)", '@app.route("/")',
                       "flask --app", "--debug", "app.run()", "development only", "reloader", "debugger",
                       "FLASK_APP", "FLASK_ENV", "0.0.0.0", "--port"],
    "02_routes": ["two routes", "<name>", "int", "float", "path", "uuid", "404", "url_for", "trailing slash",
                  "escape", "XSS"],
    "03_methods": ["GET", "POST", "Idempotent", "status code", 'methods=["GET", "POST"]', "request.method",
                   "@app.get", "@app.post", "405", "Allow", "HEAD", "OPTIONS", "PUTS"],
    "04_templates": ["render_template", "templates/", "{{", "{% if", "{% for", "{#", "length", "title",
                     "default", "base.html", "{% block", "{% extends", "autoescap", "|safe", "static",
                     "url_for('static'", "context_processor", "template_filter", "len("],
    "05_request": ["request.method", "request.args", "request.form", "request.cookies", "request.headers",
                   "request.files", "type=int", "BadRequestKeyError", "redirect", "secure_filename",
                   "MAX_CONTENT_LENGTH", "413", "session", "SECRET_KEY", "instance", "except KeyError"],
    "06_json": ["jsonify", "get_json", "415", "400", "silent=True", "errorhandler", "http :5000",
                "n:=3", "request.json", "force=True"],
    "07_responses": ["make_response", "mimetype", "201", "Location", "204", "303", "409", "422",
                     "redirect(", "abort(", "set_cookie", "httponly", "secure", "samesite", "delete_cookie",
                     "after_request"],
    "08_api_package": ["create_app", "Config", "instance", "Blueprint", "/api/v1", "url_map",
                       "error envelope", "test_client", "fixture", "current_app"],
    "09_database": ["Mapped[", "Task", "db.paginate", "init-db", "DATABASE_URL", "postgresql+psycopg",
                    "postgres://", "UTC", "ISO 8601", "completed", "drop_all"],
    "10_accounts": ["User", "relationship(\"user\")", "ForeignKey('')", "generate_password_hash",
                    "login_required", "g.user", "Bearer", "401", "403", "404", "logout", "SHA-256",
                    "current_password", "unique"],
    "11_todo_api": ["marshmallow", "flask-smorest", "openapi.json", "400", "413", "429", "Retry-After",
                    "no-store", "gunicorn", "waitress", "PostgreSQL", "nginx", "logging"],
    "12_speed": ["wrk", "profiler", "ceiling", "make bench", "orjson", "keyset", "N+1"],
}


def deck_id(path):
    return path.stem


@functools.cache
def rendered_deck(deck):
    """load_deck(), once per deck in this process (the decks do not change during the run)."""
    return load_deck(deck)


def includes(deck):
    """(line, spec, hide) of every include in a deck."""
    found = []
    for token in markdown().parse(deck.read_text(encoding="utf-8")):
        if token.type == "fence":
            _, spec, hide = parse_info(token.info)
            if spec is not None:
                found.append((token.map[0] + 1, spec, hide))
    return found


def test_there_is_an_intro_and_a_deck_per_step():
    names = [deck.stem for deck in DECKS]
    assert names[0] == "00_intro"
    missing = [step.name for step in step_dirs() if step.name not in names]
    assert not missing, f"steps without a deck in slides/: {missing}"


@pytest.mark.parametrize("deck", DECKS, ids=deck_id)
def test_every_include_resolves_to_code(deck):
    specs = includes(deck)
    if deck.stem != "00_intro":
        assert specs, f"{deck.name} shows no code from the step"
    for line, spec, hide in specs:
        assert resolve(spec, hide=hide).strip(), f"{deck.name}:{line}: include={spec} is empty"


@pytest.mark.parametrize("deck", DECKS, ids=deck_id)
def test_deck_renders_with_title_and_a_heading_on_every_slide(deck):
    rendered = rendered_deck(deck)
    assert rendered.slides[0].html.startswith("<h1>"), "the first slide is the deck's title (# Title)"
    assert all(slide.title for slide in rendered.slides), "every slide has a heading"
    assert not re.search(r"```\w*\s+include=", "".join(s.html for s in rendered.slides)), "an unrendered include"


@pytest.mark.parametrize("deck", DECKS, ids=deck_id)
def test_every_slide_has_notes_someone_else_can_present_from(deck):
    rendered = rendered_deck(deck)
    missing = [f"slide {s.number} ({s.title})" for s in rendered.slides if not s.notes.strip()]
    assert not missing, f"{deck.name}: slides without speaker notes: {missing}"
    # What to say, on every slide; the demo and the common mistake, on every slide.
    for part in ("Say:", "Demo:", "Mistake:"):
        lacking = [f"slide {s.number} ({s.title})" for s in rendered.slides if part not in s.notes]
        assert not lacking, f"{deck.name}: notes without “{part}”: {lacking}"


@pytest.mark.parametrize("deck", DECKS, ids=deck_id)
def test_hand_off_order_then_and_now_before_the_exercise_slide_which_is_last(deck):
    rendered = rendered_deck(deck)
    last = rendered.slides[-1]
    assert "workshop check" in last.html or 'class="exercise-none"' in last.html, (
        f"{deck.name}: the last slide is not the exercise slide"
    )
    exercise_slides = [s.number for s in rendered.slides if 'class="exercises"' in s.html]
    assert exercise_slides in ([], [last.number]), f"{deck.name}: exercises shown on slides {exercise_slides}"
    titles = [s.title for s in rendered.slides]
    assert "Then and now" in titles, f"{deck.name} has no “Then and now” slide"
    assert titles.index("Then and now") < len(titles) - 1
    # No answer before the exercise: nothing on any slide comes from solutions/.
    assert not [spec for _, spec, _ in includes(deck) if spec.startswith("solutions/")]


@pytest.mark.parametrize("deck", [d for d in DECKS if (REPO / "steps" / d.stem).is_dir()], ids=deck_id)
def test_the_exercise_slide_names_every_exercise_of_the_step_with_task_time_box_and_hint(deck):
    rendered = rendered_deck(deck)
    last = rendered.slides[-1]
    names = [e.name for e in load_catalog(REPO / "exercises" / "exercises.toml") if e.step == deck.stem]
    for name in names:
        assert f"workshop check {name}" in last.html
        assert f"workshop hint {name}" in last.notes, f"{deck.name}: the notes do not say `workshop hint {name}`"
        assert re.search(rf"{name}</code></strong> \(\d+ min, (core|optional)\)", last.notes), (
            f"{deck.name}: no time box for {name} in the exercise slide's notes"
        )
    assert "no time set" not in last.html, f"{deck.name}: an exercise without minutes in the front matter"


@pytest.mark.parametrize("deck", DECKS, ids=deck_id)
def test_deck_covers_its_curriculum_topics(deck):
    # The deck's own text plus the code its includes show.
    text = deck.read_text(encoding="utf-8") + "".join(resolve(spec, hide=hide) for _, spec, hide in includes(deck))
    assert deck.stem in TOPICS, f"no topic list for {deck.name} in this test"
    missing = [term for term in TOPICS[deck.stem] if term not in text]
    assert not missing, f"{deck.name} never mentions: {missing}"


# Decks whose step has an app to run the commands against (00_intro has none).
RUNNABLE = [deck for deck in DECKS if (REPO / "steps" / deck.stem).is_dir()]


def step_app(step, tmp_path):
    """The app of a step, with its files (uploads, the database) in *tmp_path*."""
    if (step / "app.py").is_file():
        app = load_app(step)
        if "UPLOAD_FOLDER" in app.config:
            app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
        return app
    # Step 08: the factory, with a database of its own.
    return load_app(step, config="testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'todo.sqlite'}")


class DeckRuns:
    """Runs decks' console commands against their steps' apps, several decks at once
    (a command with a pipe is an httpie process and a Python one: the pool overlaps them)."""

    def __init__(self, pool: ThreadPoolExecutor, tmp_path_factory) -> None:
        self.pool = pool
        self.tmp_path_factory = tmp_path_factory
        self.futures: dict[str, Future] = {}
        self.apps = []

    def start(self, name: str) -> None:
        if name in self.futures:
            return
        try:
            commands = file_commands(REPO / "slides" / f"{name}.md")
            # Apps load here, in this thread; only serving and httpie run in the pool.
            app = step_app(REPO / "steps" / name, self.tmp_path_factory.mktemp(name))
        except Exception as error:  # noqa: BLE001 (reported by that deck's test)
            self.futures[name] = Future()
            self.futures[name].set_exception(error)
            return
        self.apps.append(app)
        self.futures[name] = self.pool.submit(self._run, app, commands)

    @staticmethod
    def _run(app, commands):
        # The real `http` program already runs against every step's app in the README
        # tests (tests/test_docs_steps.py, tests/api/test_api_served.py): here the plain
        # commands all call httpie in-process; pipes and assignments still go through bash.
        with serve(app) as base_url:
            return commands, run_commands(commands, base_url, real_first=False)

    def result(self, name: str):
        self.start(name)
        return self.futures[name].result()

    def close(self) -> None:
        for app in self.apps:
            if "sqlalchemy" in app.extensions:
                with app.app_context():
                    app.extensions["sqlalchemy"].engine.dispose()


@pytest.fixture(scope="module")
def deck_runs(request, tmp_path_factory):
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = DeckRuns(pool, tmp_path_factory)
        if not os.environ.get("PYTEST_XDIST_WORKER"):
            # On its own, pytest starts every selected deck at once; under xdist the
            # workers share the decks out, so each runs only the decks it is given.
            for item in request.session.items:
                if item.originalname == "test_deck_commands_answer_as_the_slides_say":
                    runs.start(item.callspec.params["deck"].stem)
        try:
            yield runs
        finally:
            runs.close()


@pytest.mark.parametrize("deck", RUNNABLE, ids=deck_id)
def test_deck_commands_answer_as_the_slides_say(deck_runs, deck):
    commands, outcomes = deck_runs.result(deck.stem)
    assert commands, f"{deck.name} has no ```console block with http commands"
    failures = [outcome.describe() for outcome in outcomes if not outcome.ok]
    assert not failures, "\n\n".join(failures)
    assert len(outcomes) == len(commands)
