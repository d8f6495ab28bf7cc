"""The pages of the workshop site, as one blueprint.

Laid out the way the API steps teach (steps 08–11): the views live in a blueprint,
the factory in :mod:`.site` registers it, and every view reads the repository it
shows from ``current_app.config["REPO"]``.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_from_directory
from markupsafe import Markup

from .render import (
    HIDDEN,
    SLIDES,
    SOURCE_SUFFIXES,
    DeckError,
    deck_paths,
    highlight_code,
    page_url,
    pygments_css,
    render_markdown,
)
from .schedule import day_plans, hours
from .site import decks, markdown_title, rendered_deck, root_prefix, shown_files, step_guides

bp = Blueprint("site", __name__)


def repo() -> Path:
    return current_app.config["REPO"]


def page(template: str, status: int = 200, **context):
    """A page of the site; its links are relative to where it is (``root`` leads home)."""
    context.setdefault("root", root_prefix(request.path))
    return render_template(template, **context), status


def find_deck(name: str) -> Path:
    for path in deck_paths(repo()):
        if path.stem == name:
            return path
    abort(404, f"There is no deck called “{name}”.")


def deck_or_error(name: str, template: str):
    path = find_deck(name)
    try:
        deck = rendered_deck(path, request.path.lstrip("/"), repo())
    except DeckError as error:
        # The instructor's mistake, shown where they look: in the browser.
        return page("error.html", 500, title="This deck cannot be shown", message=str(error))
    guide = f"steps/{deck.name}/" if (repo() / "steps" / deck.name / "README.md").is_file() else None
    return page(template, deck=deck, guide=guide)


@bp.get("/")
def index():
    try:
        plans = day_plans(repo())
    except DeckError as error:
        return page("error.html", 500, title="The day's schedule cannot be shown", message=str(error))
    return page(
        "index.html",
        decks=decks(repo()),
        guides=step_guides(repo()),
        plans=plans,
        hours=hours,
        exercises=(repo() / "exercises" / "README.md").is_file(),
    )


@bp.get("/pygments.css")
def code_css():
    return pygments_css(), 200, {"Content-Type": "text/css; charset=utf-8"}


@bp.get("/decks/")
def deck_list():
    return redirect("../", code=302)


@bp.get("/decks/<name>/")
def deck(name: str):
    if re.fullmatch(r"\d{1,2}", name):
        # /decks/3/ is a handy thing to type in front of a room.
        for item in decks(repo()):
            if item["name"].startswith(f"{int(name):02d}_"):
                return redirect(f"../{item['name']}/", code=302)
    return deck_or_error(name, "deck.html")


@bp.get("/decks/<name>/speaker/")
def speaker(name: str):
    return deck_or_error(name, "speaker.html")


@bp.get("/decks/images/<path:filename>")
def deck_image(filename: str):
    return send_from_directory(repo() / SLIDES / "images", filename)


@bp.get("/<any(steps, exercises, solutions):tree>/")
@bp.get("/<any(steps, exercises, solutions):tree>/<path:subpath>")
def tree_page(tree: str, subpath: str = ""):
    """A folder's README.md as a guide, a step's file as highlighted source, or an asset."""
    root = repo()
    base = (root / tree).resolve()
    wanted = subpath.rstrip("/")
    target = (base / wanted).resolve()
    if not target.exists() and wanted.endswith(".html"):
        target = (base / wanted.removesuffix(".html")).resolve()
    if (
        not target.is_relative_to(base)
        or HIDDEN.intersection(target.relative_to(base).parts)
        or page_url(target, root) != request.path.lstrip("/")
    ):
        abort(404, "There is no such page in the workshop.")
    if target.is_dir():
        return guide_page(target)
    if target.suffix not in SOURCE_SUFFIXES:
        return send_from_directory(target.parent, target.name)
    return source_page(target, base)


def guide_page(folder: Path):
    root = repo()
    here = request.path.lstrip("/")
    readme = folder / "README.md"
    return page(
        "guide.html",
        title=markdown_title(readme),
        body=Markup(render_markdown(readme.read_text(encoding="utf-8"), source=readme, here=here, repo=root)),
        path=folder.relative_to(root.resolve()).as_posix(),
        files=[
            {"name": f.relative_to(folder).as_posix(), "url": posixpath.relpath("/" + page_url(f, root), "/" + here)}
            for f in shown_files(folder) if f.name != "README.md" and page_url(f, root)
        ],
        deck=f"decks/{folder.name}/" if (root / SLIDES / f"{folder.name}.md").is_file() else None,
        guide_root=root_prefix(request.path),
    )


def source_page(target: Path, base: Path):
    root = repo()
    rel = target.relative_to(root.resolve()).as_posix()
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
        guide=page_url(folder, root) if (folder / "README.md").is_file() else None,
    )


@bp.app_errorhandler(404)
def not_found(error):
    return page("error.html", 404, title="Not found", message=error.description)


@bp.app_errorhandler(405)
def not_allowed(error):
    return page("error.html", 405, title="Method not allowed", message="This site only shows pages.")
