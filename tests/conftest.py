"""Fixtures shared by every test: load a step's app fresh for each test.

A test module names its step, ``STEP = "03_methods"``, and uses the ``app``,
``client`` and ``runner`` fixtures, as in Flask's own tutorial tests. Steps 08-12
are built by their factory in testing mode, each test with a new SQLite file; their
package is imported once per test module (importing it costs more than a test).
"""

from __future__ import annotations

import pytest

from workshop.loader import PACKAGE, LoadedPackage, app_target, find_step, load_app


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--target",
        default="exercises",
        choices=["exercises", "solutions"],
        help="which tree the exercise tests check (default: the learner's exercises/)",
    )
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="the browser walk also saves each deck's first slide at both sizes in tests/screenshots/",
    )


# --- The order of the tests under pytest-xdist ----------------------------------------
# `make test` runs two xdist workers with --dist worksteal: each worker gets one half of the
# collected tests, in order, and a worker whose half is done takes the last half of what the
# other has left. Some tests share a costly thing each worker starts for itself the first
# time: Chromium (about 3 s), four gunicorn servers (about 1.7 CPU-s each), the grader's
# starters, a fuzz world per step. Put first, they run in the first worker only and are never
# taken from it; the many small tests come last, and are the ones moved to balance the end.
# Measured on 2 cores: the slowest worker's time and the run's CPU both went down.
COSTLY_FIRST = ("browser", "tests/api/test_api_served.py", "tests/load/", "tests/grading/", "tests/fuzz/",
                "tests/test_docs_steps.py", "tests/slides/test_slides_decks.py", "tests/exercises/")


def _place(item: pytest.Item) -> int:
    """Where *item* goes (see above): by the fixture it uses or its file; the rest last."""
    path = item.nodeid.split("::")[0]
    for rank, mark in enumerate(COSTLY_FIRST):
        if mark in item.fixturenames or path.startswith(mark):
            return rank
    return len(COSTLY_FIRST)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if hasattr(config, "workerinput"):  # an xdist worker; a single process keeps the files' order
        items.sort(key=_place)  # stable: the same order in every worker, as xdist requires


def module_step(request: pytest.FixtureRequest):
    step = getattr(request.module, "STEP", None)
    if step is None:
        pytest.fail(f"{request.module.__name__} uses the app fixture but sets no STEP")
    return find_step(step)


@pytest.fixture(scope="module")
def step_package(request: pytest.FixtureRequest):
    """Steps 08-12: the module's package ``todo`` and its submodules, imported once.

    Each test still gets an app of its own from the package's factory. Importing
    the package builds its models and blueprints: slower than most tests.
    """
    target = app_target(module_step(request))
    return LoadedPackage(target) if target.name == PACKAGE else None


@pytest.fixture
def app(request: pytest.FixtureRequest, step_package, tmp_path):
    """A fresh app of the module's step, in testing mode."""
    if step_package is not None:
        # Steps 08-12: the application factory, with the testing config and a database of
        # the test's own (step 08 keeps its tasks in memory and ignores the setting).
        return step_package.create_app(config="testing",
                                       SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'todo.sqlite'}")
    app = load_app(module_step(request))
    app.config.update(TESTING=True)
    if "UPLOAD_FOLDER" in app.config:
        # Uploads go to a temporary folder, never into the repository.
        app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- The browser (Chromium through Playwright) -------------------------------------
# One Chromium per test process, shared by every test marked `browser` (the slides'
# browser tests, the grading report's width). A second sync_playwright() in a process
# that already has one fails ("Sync API inside the asyncio loop"), so no test launches
# its own. (Gathering them in one worker with `--dist loadgroup` was measured slower
# overall than worksteal: 119 s against 104 s.)

CHROMIUM = "/usr/lib/chromium/chromium"
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
def browser(tmp_path_factory):
    """A headless Chromium with a fresh profile: a Playwright persistent context.

    Where Chromium is not installed, the browser tests skip and say why (CI installs it).
    """
    import os
    from pathlib import Path

    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Chromium is not installed ({CHROMIUM} is missing; `apt-get install chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
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


# --- gunicorn (tests/api/test_api_served.py and tests/load) --------------------------


@pytest.fixture(scope="session")
def gunicorn_pool(tmp_path_factory):
    """This test process's gunicorn servers, one per step and database, started on first use.

    Both folders' tests get the same servers (tests/servers.py says what each test sees).
    """
    from .servers import GunicornPool  # here: every exercise check loads this conftest

    pool = GunicornPool(tmp_path_factory.mktemp("gunicorn"))
    try:
        yield pool
    finally:
        pool.close()
