"""Fixtures for the slides site: the app, its test client, a live server.

The browser tests use the session's ``browser`` (tests/conftest.py): Debian's Chromium
driven by Playwright's sync API, one browser for the whole run (a fresh profile in a
temporary folder); where Chromium is not installed, they skip and say why (CI installs
it: .ci/run).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from workshop.serving import serve
from workshop.slides.site import create_app


@pytest.fixture(scope="session")
def site_app():
    """The workshop site for this repository."""
    app = create_app()
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def site_client(site_app):
    return site_app.test_client()


@pytest.fixture(scope="session")
def site_url(site_app):
    """The base URL of the site, served on a free loopback port for the session."""
    with serve(site_app) as base_url:
        yield base_url


#: A repository in miniature: two steps, a template, guides and a deck.
FAKE_REPO = {
    "steps/01_first/app.py": '''
        """Step one."""

        from flask import Flask

        app = Flask(__name__)
        # Signs the session cookie.
        app.config["SECRET_KEY"] = "only-in-tests"
        app.config["MAX_CONTENT_LENGTH"] = 1024


        # The front page.
        @app.route("/")
        def index():
            return "Hello"


        class Greeter:
            greeting = "hi"
        ''',
    "steps/01_first/README.md": """
        # Step 01 — First

        Run [the app](app.py); next is [step 02](../02_second/README.md).

        ```console
        $ http :5000/
        HTTP/1.1 200 OK
        ```
        """,
    "steps/02_second/app.py": '''
        """Step two."""

        from flask import Flask

        app = Flask(__name__)


        # The front page.
        @app.route("/")
        def index():
            return "Hello, again"


        @app.get("/hello/<name>")
        @app.get("/hi/<name>")
        def hello(name):
            return f"Hello, {name}"


        class Greeter:
            greeting = "hi"
        ''',
    "steps/02_second/README.md": """
        # Step 02 — Second

        Back to [step 01](../01_first/README.md).
        """,
    "steps/02_second/templates/base.html": """
        <!doctype html>
        <title>{% block title %}Tasks{% endblock %}</title>
        <main>
          {% block content %}
            <h1>Tasks</h1>
            {% block list %}<ul></ul>{% endblock list %}
          {% endblock %}
        </main>
        """,
    "slides/01_first.md": """
        # Step 01 — First

        The first deck.

        Note:
        Say hello.

        ---

        ## The view

        ```python include=steps/01_first/app.py:index
        ```

        ---

        ## What changed

        ```diff include=01..02/app.py:index
        ```
        """,
}


@pytest.fixture
def fake_repo(tmp_path: Path) -> Path:
    """A small repository (see FAKE_REPO) in a temporary folder; tests may add files."""
    for name, text in FAKE_REPO.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return tmp_path
