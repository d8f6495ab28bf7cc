"""A static copy of the workshop site, for any static host (or a USB stick).

Every page of the live site is fetched through Flask's test client and written
where its URL says (``decks/01_hello_world/index.html`` …). The links between
pages are relative, so the copy works from any folder of any host.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..loader import REPO
from .render import SLIDES, TREES, deck_paths, page_url
from .site import create_app, shown_files


class BuildError(RuntimeError):
    """A page that could not be built; the message says which and why."""


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


def build(out: Path, repo: Path = REPO) -> list[Path]:
    """Write the whole site under *out* (replacing an earlier build); return the files written."""
    out = Path(out)
    if out.exists():
        if not (out / "index.html").is_file() and any(out.iterdir()):
            raise BuildError(f"{out} is not empty and holds no earlier build; choose an empty folder")
        shutil.rmtree(out)
    client = create_app(repo).test_client()
    written = []
    for path in site_paths(repo):
        response = client.get("/" + path)
        if response.status_code != 200:
            message = response.get_data(as_text=True)
            raise BuildError(f"/{path} answered {response.status_code}:\n{_text(message)}")
        target = out / (path + "index.html" if path.endswith("/") or not path else path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.get_data())
        written.append(target)
    return written


def _text(page: str) -> str:
    """The message of an error page, without its HTML."""
    match = re.search(r'<p class="message">(.*?)</p>', page, re.S)
    return match[1] if match else page[:500]
