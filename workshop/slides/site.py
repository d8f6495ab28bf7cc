"""The workshop site: an index, every deck as slides, every step's guide and code.

A small Flask app: the deck teaches Flask and is served by Flask. This module
holds the factory and what the pages are made from (decks, guides, files); the
views are a blueprint in :mod:`.views`, as in the API steps. Pages are
rendered from the Markdown files on every request, so an instructor editing a
deck sees the change on reload. All links between pages are relative, which is
what lets :mod:`.build` save the same pages as a static copy.

URLs (each mirrors a file of the repository)::

    /                                the index of decks and step guides
    /decks/01_hello_world/           a deck (slide N is #/N)
    /decks/01_hello_world/speaker/   its speaker view: notes, next slide, timer
    /steps/01_hello_world/           a step's README.md as a guide
    /steps/01_hello_world/app.py.html  a file of the step, highlighted
    /exercises/02_routes/converters/   an exercise's README.md (solutions/ likewise)
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask

from ..loader import REPO
from .render import HIDDEN, TREES, Deck, deck_paths, deck_schedule, deck_title, load_deck


def root_prefix(path: str) -> str:
    """The relative way from the page at URL *path* back to the site's root (``../../``)."""
    return "../" * (path.count("/") - 1)


def markdown_title(path: Path) -> str:
    """The first heading of a Markdown file (its title), or its folder's name."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return re.sub(r"[`*]", "", line[2:].strip())
    return path.parent.name


def step_guides(repo: Path = REPO) -> list[dict]:
    """Every step folder with a README.md: name, title, site path."""
    guides = []
    for folder in sorted((repo / "steps").glob("[0-9][0-9]_*")):
        readme = folder / "README.md"
        if readme.is_file():
            guides.append({"name": folder.name, "title": markdown_title(readme), "url": f"steps/{folder.name}/"})
    return guides


def decks(repo: Path = REPO) -> list[dict]:
    """Every deck: name, title, site path, schedule (None without front matter)."""
    return [
        {"name": p.stem, "title": deck_title(p), "url": f"decks/{p.stem}/", "schedule": deck_schedule(p)}
        for p in deck_paths(repo)
    ]


def shown_files(folder: Path) -> list[Path]:
    """The files of a folder the site shows (no caches, no instance data), sorted."""
    return sorted(
        path for path in folder.rglob("*")
        if path.is_file() and not HIDDEN.intersection(path.relative_to(folder).parts)
    )


def tree_stamp(repo: Path) -> tuple[int, int]:
    """Changes whenever a file that slides may include changes (newest mtime, file count)."""
    newest = count = 0
    for tree in TREES:
        for folder, dirs, files in os.walk(repo / tree):
            dirs[:] = [d for d in dirs if d not in HIDDEN]  # a running app's database is no reason
            for name in files:
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime_ns)
                count += 1
    return newest, count


@lru_cache(maxsize=64)
def _rendered_deck(path: Path, here: str, repo: Path, stamp: tuple) -> Deck:
    return load_deck(path, here=here, repo=repo)


def rendered_deck(path: Path, here: str, repo: Path) -> Deck:
    """load_deck(), remembered until the deck or any file it could include changes."""
    return _rendered_deck(path, here, repo, (path.stat().st_mtime_ns, tree_stamp(repo)))


def create_app(repo: Path = REPO) -> Flask:
    """The site for the workshop repository at *repo*: the pages of :mod:`.views`."""
    app = Flask(__name__)
    app.config["REPO"] = repo

    from .views import bp

    app.register_blueprint(bp)
    return app
