"""A static copy of the workshop site, for any static host (or a USB stick).

Every page of the live site is fetched through Flask's test client and written
where its URL says (``decks/01_hello_world/index.html`` …). The links between
pages are relative, so the copy works from any folder of any host.

A build never deletes what it did not write. It writes into a new or empty
folder, or into one holding the marker file of an earlier build (MARKER, which
lists that build's files): then it removes only those files before writing the
new ones. Any other folder is refused, by name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..loader import REPO
from .render import SLIDES, TREES, deck_paths, page_url
from .site import create_app, shown_files

#: The file a build leaves in its folder: what it wrote, so the next build replaces only that.
MARKER = ".workshop-slides-build.json"


class BuildError(RuntimeError):
    """A page that could not be built, or a folder not ours to write; the message says which and why."""


def site_paths(repo: Path = REPO) -> list[str]:
    """Every URL path of the site (no leading slash), pages and assets alike."""
    paths = ["", "pygments.css"]
    static = Path(__file__).parent / "static"
    paths += [f"static/{p.relative_to(static).as_posix()}" for p in sorted(static.rglob("*")) if p.is_file()]
    for deck in deck_paths(repo):
        paths += [f"decks/{deck.stem}/", f"decks/{deck.stem}/speaker/"]
    images = repo / SLIDES / "images"
    if images.is_dir():
        paths += [page_url(p, repo) for p in shown_files(images)]
    for tree in TREES:
        base = repo / tree
        if not base.is_dir():
            continue
        for path in [base, *sorted(p for p in base.rglob("*") if p.is_dir()), *shown_files(base)]:
            url = page_url(path, repo)
            if url and url not in paths:
                paths.append(url)
    return paths


def earlier_build(out: Path) -> list[str]:
    """The files an earlier build wrote into *out* (from its marker); [] for a new or empty
    folder. Raise BuildError for anything else: a file, or a folder holding other things."""
    if not out.exists():
        return []
    if not out.is_dir():
        raise BuildError(f"{out} is a file, not a folder; choose a new or empty folder")
    marker = out / MARKER
    if not marker.is_file():
        if any(out.iterdir()):
            raise BuildError(
                f"{out} is not empty and holds no earlier build (no {MARKER}): nothing in it was "
                "written by `workshop slides build`, so nothing in it is replaced; choose a new or empty folder "
                "(a copy built by an older version of the tool has no marker: delete it yourself first)"
            )
        return []
    try:
        files = json.loads(marker.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError):
        raise BuildError(f"{marker} is not a build marker this tool wrote; choose a new or empty folder") from None
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        raise BuildError(f"{marker} is not a build marker this tool wrote; choose a new or empty folder")
    return files


def _remove_earlier(out: Path, files: list[str]) -> None:
    """Remove the files of an earlier build (only those, only inside *out*), then the
    folders they leave empty."""
    root = out.resolve()
    folders = set()
    for name in files:
        target = (out / name)
        if not target.resolve().is_relative_to(root) or target.is_symlink() or not target.is_file():
            continue  # not a file of ours any more: leave it alone
        target.unlink()
        folders.update(p for p in target.parents if p.resolve().is_relative_to(root) and p.resolve() != root)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def build(out: Path, repo: Path = REPO) -> list[Path]:
    """Write the whole site under *out* (replacing only an earlier build's files); return the
    files written. Every page is rendered before anything is removed or written."""
    out = Path(out)
    earlier = earlier_build(out)
    client = create_app(repo).test_client()
    pages = {}
    for path in site_paths(repo):
        response = client.get("/" + path)
        if response.status_code != 200:
            message = response.get_data(as_text=True)
            raise BuildError(f"/{path} answered {response.status_code}:\n{_text(message)}")
        pages[path + "index.html" if path.endswith("/") or not path else path] = response.get_data()
    _remove_earlier(out, earlier)
    written = []
    for name, data in pages.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    (out / MARKER).write_text(json.dumps({"files": sorted(pages)}, indent=1) + "\n", encoding="utf-8")
    return written


def _text(page: str) -> str:
    """The message of an error page, without its HTML."""
    match = re.search(r'<p class="message">(.*?)</p>', page, re.S)
    return match[1] if match else page[:500]
