"""Fixtures for the slides site: the app, its test client, a live server, a browser.

The browser is Debian's Chromium driven by Playwright's sync API, one browser for
the whole session (a fresh profile in a temporary folder); where Chromium is not
installed, the browser tests skip and say why (CI installs it: .ci/run).
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from workshop.serving import serve
from workshop.slides.site import create_app

CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 720}


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


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium with a fresh profile: a Playwright persistent context."""
    if not CHROMIUM.is_file():
        pytest.skip(f"Chromium is not installed ({CHROMIUM} is missing; `apt-get install chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
            # No network beyond loopback is needed: the site uses no CDN.
            env={**os.environ, "http_proxy": "", "https_proxy": ""},
        )
        context.set_default_timeout(10_000)
        try:
            yield context
        finally:
            context.close()


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
