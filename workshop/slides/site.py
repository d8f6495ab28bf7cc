"""The workshop site: an index, every deck as slides, every step's guide and code.

A small Flask app: the deck teaches Flask and is served by Flask. Pages are
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
import posixpath
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, abort, redirect, render_template, request, send_from_directory
from markupsafe import Markup

from ..loader import REPO
from .render import (
    HIDDEN,
    SLIDES,
    SOURCE_SUFFIXES,
    TREES,
    Deck,
    DeckError,
    deck_paths,
    deck_title,
    highlight_code,
    load_deck,
    page_url,
    pygments_css,
    render_markdown,
)


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
    """Every deck: name, title, site path."""
    return [{"name": p.stem, "title": deck_title(p), "url": f"decks/{p.stem}/"} for p in deck_paths(repo)]


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
    """The site for the workshop repository at *repo*."""
    app = Flask(__name__)
    app.config["REPO"] = repo

    def page(template: str, status: int = 200, **context):
        context.setdefault("root", root_prefix(request.path))
        return render_template(template, **context), status

    def find_deck(name: str) -> Path:
        for path in deck_paths(repo):
            if path.stem == name:
                return path
        abort(404, f"There is no deck called “{name}”.")

    def deck_or_error(name: str, template: str):
        path = find_deck(name)
        try:
            deck = rendered_deck(path, request.path.lstrip("/"), repo)
        except DeckError as error:
            # The instructor's mistake, shown where they look: in the browser.
            return page("error.html", 500, title="This deck cannot be shown", message=str(error))
        return page(
            template,
            deck=deck,
            guide=f"steps/{deck.name}/" if (repo / "steps" / deck.name / "README.md").is_file() else None,
        )

    @app.get("/")
    def index():
        return page(
            "index.html",
            decks=decks(repo),
            guides=step_guides(repo),
            exercises=(repo / "exercises" / "README.md").is_file(),
        )

    @app.get("/pygments.css")
    def code_css():
        return pygments_css(), 200, {"Content-Type": "text/css; charset=utf-8"}

    @app.get("/decks/")
    def deck_list():
        return redirect("../", code=302)

    @app.get("/decks/<name>/")
    def deck(name: str):
        if re.fullmatch(r"\d{1,2}", name):
            # /decks/3/ is a handy thing to type in front of a room.
            for item in decks(repo):
                if item["name"].startswith(f"{int(name):02d}_"):
                    return redirect(f"../{item['name']}/", code=302)
        return deck_or_error(name, "deck.html")

    @app.get("/decks/<name>/speaker/")
    def speaker(name: str):
        return deck_or_error(name, "speaker.html")

    @app.get("/decks/images/<path:filename>")
    def deck_image(filename: str):
        return send_from_directory(repo / SLIDES / "images", filename)

    @app.get("/<any(steps, exercises, solutions):tree>/")
    @app.get("/<any(steps, exercises, solutions):tree>/<path:subpath>")
    def tree_page(tree: str, subpath: str = ""):
        base = (repo / tree).resolve()
        wanted = subpath.rstrip("/")
        target = (base / wanted).resolve()
        if not target.exists() and wanted.endswith(".html"):
            target = (base / wanted.removesuffix(".html")).resolve()
        if (
            not target.is_relative_to(base)
            or HIDDEN.intersection(target.relative_to(base).parts)
            or page_url(target, repo) != request.path.lstrip("/")
        ):
            abort(404, "There is no such page in the workshop.")
        rel = target.relative_to(repo.resolve()).as_posix()
        here = request.path.lstrip("/")
        if target.is_dir():
            readme = target / "README.md"
            return page(
                "guide.html",
                title=markdown_title(readme),
                body=Markup(render_markdown(readme.read_text(encoding="utf-8"), source=readme, here=here, repo=repo)),
                path=rel,
                files=[
                    {"name": f.relative_to(target).as_posix(),
                     "url": posixpath.relpath("/" + page_url(f, repo), "/" + here)}
                    for f in shown_files(target) if f.name != "README.md" and page_url(f, repo)
                ],
                deck=f"decks/{target.name}/" if (repo / SLIDES / f"{target.name}.md").is_file() else None,
                guide_root=root_prefix(request.path),
            )
        if target.suffix not in SOURCE_SUFFIXES:
            return send_from_directory(target.parent, target.name)
        try:
            text = target.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            abort(404, f"{rel} is not a text file.")
        folder = target.parent
        while folder != base and not (folder / "README.md").is_file():
            folder = folder.parent
        return page(
            "source.html",
            title=rel,
            path=rel,
            code=Markup(highlight_code(text, filename=target.name)),
            guide=page_url(folder, repo) if (folder / "README.md").is_file() else None,
        )

    @app.errorhandler(404)
    def not_found(error):
        return page("error.html", 404, title="Not found", message=error.description)

    @app.errorhandler(405)
    def not_allowed(error):
        return page("error.html", 405, title="Method not allowed", message="This site only shows pages.")

    return app
