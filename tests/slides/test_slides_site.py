"""The workshop site: index, decks, speaker views, step guides, sources, errors, static copy."""

from __future__ import annotations

import os
import re
import socket
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner

from workshop.cli import main
from workshop.loader import REPO
from workshop.slides.build import build
from workshop.slides.render import deck_paths
from workshop.slides.site import create_app, step_guides

DECKS = [deck.stem for deck in deck_paths()]
GUIDES = [guide["name"] for guide in step_guides()]


class Links(HTMLParser):
    """The href and src values of a page."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def links(page: str) -> list[str]:
    parser = Links()
    parser.feed(page)
    return parser.found


def internal(base: str, page: str) -> list[str]:
    """The site paths a page links to (external links and #fragments left out)."""
    found = []
    for href in links(page):
        url = urlsplit(urljoin("http://site" + base, href))
        if url.netloc == "site":
            found.append(url.path)
    return found


def test_index_lists_every_deck_and_every_step_guide(site_client):
    response = site_client.get("/")
    assert response.status_code == 200
    for name in DECKS:
        assert f'href="decks/{name}/"' in response.text
        assert f'href="decks/{name}/speaker/"' in response.text
    for name in GUIDES:
        assert f'href="steps/{name}/"' in response.text
    assert '<a href="exercises/">' in response.text
    assert "<h1>Flask workshop</h1>" in response.text


@pytest.mark.parametrize("name", DECKS)
def test_deck_and_speaker_view_show_every_slide(site_client, name):
    deck = site_client.get(f"/decks/{name}/")
    assert deck.status_code == 200
    count = int(re.search(r'data-count="(\d+)"', deck.text)[1])
    assert deck.text.count('<section class="slide') == count
    assert 'src="../../static/deck.js"' in deck.text
    speaker = site_client.get(f"/decks/{name}/speaker/")
    assert speaker.status_code == 200
    # The current slide, the next one (plus an end marker), and one notes box per slide.
    assert speaker.text.count('<section class="slide') == 2 * count + 1
    assert speaker.text.count('<div class="notes"') == count


@pytest.mark.parametrize("name", GUIDES)
def test_every_step_guide_renders_with_working_links(site_client, name):
    path = f"/steps/{name}/"
    response = site_client.get(path)
    assert response.status_code == 200
    assert "<h1>" in response.text
    assert 'href="app.py.html"' in response.text or 'href="todo/__init__.py.html"' in response.text
    assert not [href for href in links(response.text) if href.endswith("README.md")], "a README link was not rewritten"
    for target in internal(path, response.text):
        assert site_client.get(target).status_code == 200, f"{path} links to {target}, which is missing"


def test_source_page_highlights_the_step_code(site_client):
    response = site_client.get("/steps/01_hello_world/app.py.html")
    assert response.status_code == 200
    assert '<div class="highlight"><pre>' in response.text
    assert "Hello, world!" in response.text
    assert 'href="../../steps/01_hello_world/"' in response.text  # back to the guide


def test_exercise_readme_is_a_page_linking_back_to_its_step(site_client):
    response = site_client.get("/exercises/01_hello_world/first_app/")
    assert response.status_code == 200
    assert "<h1>Exercise: first_app (step 01)</h1>" in response.text
    assert 'href="../../../steps/01_hello_world/"' in response.text
    assert "Files in this folder" not in response.text


def test_short_deck_numbers_redirect_to_the_deck(site_client):
    response = site_client.get("/decks/1/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/01_hello_world/")


@pytest.mark.parametrize(
    "path",
    [
        "/decks/99_nothing/",
        "/decks/99/",
        "/decks/00_intro/nothing/",
        "/decks/images/nothing.svg",
        "/steps/99_nothing/",
        "/steps/01_hello_world/app.py",  # the page is app.py.html
        "/steps/01_hello_world/nothing.py.html",
        "/steps/../pyproject.toml.html",
        "/steps/%2e%2e/pyproject.toml.html",
        "/steps/01_hello_world/__pycache__/",
        "/workshop/cli.py.html",
        "/exercises/01_hello_world/first_app/app.py.html",  # exercises show their README only
        "/solutions/01_hello_world/first_app/app.py.html",
    ],
)
def test_unknown_pages_are_a_404_page(site_client, path):
    response = site_client.get(path)
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.text
    assert "Traceback" not in response.text


def test_unknown_deck_says_so(site_client):
    response = site_client.get("/decks/99_nothing/")
    assert "There is no deck called “99_nothing”." in response.text


def test_post_is_405_not_a_crash(site_client):
    response = site_client.post("/")
    assert response.status_code == 405
    assert "<h1>Method not allowed</h1>" in response.text


def test_code_stylesheet_is_generated(site_client):
    response = site_client.get("/pygments.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert ".highlight .k " in response.text


def test_a_broken_include_is_shown_with_deck_and_line(fake_repo):
    deck = fake_repo / "slides" / "01_first.md"
    deck.write_text(deck.read_text().replace("app.py:index\n", "app.py:indx\n", 1))
    response = create_app(fake_repo).test_client().get("/decks/01_first/")
    assert response.status_code == 500
    assert "This deck cannot be shown" in response.text
    assert "slides/01_first.md:12: `steps/01_first/app.py` has no top-level" in response.text
    assert "Traceback" not in response.text


def test_deck_links_between_markdown_files_become_site_pages(fake_repo):
    (fake_repo / "slides" / "02_second.md").write_text(
        "# Two\n\nSee [step 02's guide](../steps/02_second/README.md), "
        "[its app](../steps/02_second/app.py), [deck 01](01_first.md) "
        "and [Flask](https://flask.palletsprojects.com/).\n"
    )
    page = create_app(fake_repo).test_client().get("/decks/02_second/").text
    assert 'href="../../steps/02_second/"' in page
    assert 'href="../../steps/02_second/app.py.html"' in page
    assert 'href="../01_first/"' in page
    assert 'href="https://flask.palletsprojects.com/"' in page


def touch_later(path: Path, text: str) -> None:
    """Rewrite *path* with a newer modification time (as an editor saving it would)."""
    stat = path.stat()
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_edits_to_a_deck_or_its_code_show_on_reload(fake_repo):
    client = create_app(fake_repo).test_client()
    page = client.get("/decks/01_first/").text
    # The notes are in the deck page once, beneath their slide, for print only (site.css).
    assert page.count("Say hello.") == 1
    assert '<aside class="print-notes" aria-label="Notes of slide 1"><p>Say hello.</p>' in page
    deck = fake_repo / "slides" / "01_first.md"
    touch_later(deck, deck.read_text().replace("## The view", "## The front page"))
    assert "<h2>The front page</h2>" in client.get("/decks/01_first/").text
    app_py = fake_repo / "steps" / "01_first" / "app.py"
    touch_later(app_py, app_py.read_text().replace('return "Hello"', 'return "Bonjour"'))
    assert "Bonjour" in client.get("/decks/01_first/").text


def test_a_slide_can_ask_for_dense_code(fake_repo):
    (fake_repo / "slides" / "02_second.md").write_text(
        "# Two\n\n---\n\n## Long\n\n<!-- class: dense -->\n\n```python include=steps/02_second/app.py\n```\n"
    )
    page = create_app(fake_repo).test_client().get("/decks/02_second/").text
    assert '<section class="slide dense" data-number="2"' in page


def test_deck_images_come_from_slides_images(fake_repo):
    (fake_repo / "slides" / "images").mkdir()
    (fake_repo / "slides" / "images" / "cycle.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (fake_repo / "slides" / "02_second.md").write_text("# Two\n\n![The request cycle](images/cycle.svg)\n")
    client = create_app(fake_repo).test_client()
    assert '<img src="../images/cycle.svg" alt="The request cycle"' in client.get("/decks/02_second/").text
    assert client.get("/decks/images/cycle.svg").status_code == 200


def broken_links(out: Path) -> list[str]:
    """Every relative link of every built page that points at no file of the build."""
    broken = []
    for page in out.rglob("*.html"):
        for href in links(page.read_text(encoding="utf-8")):
            url = urlsplit(href)
            if url.scheme or url.netloc or not url.path:
                continue
            target = (page.parent / url.path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(out)} -> {href}")
    return broken


def test_build_command_writes_a_working_static_copy(tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["slides", "build", str(out)])
    assert result.exit_code == 0, result.output
    assert f"to {out}/" in result.output
    assert (out / "index.html").is_file()
    assert (out / "pygments.css").is_file()
    assert (out / "static" / "deck.js").is_file()
    for name in DECKS:
        assert (out / "decks" / name / "index.html").is_file()
        assert (out / "decks" / name / "speaker" / "index.html").is_file()
    for name in GUIDES:
        assert (out / "steps" / name / "index.html").is_file()
    assert (out / "steps" / "01_hello_world" / "app.py.html").is_file()
    assert not list(out.rglob("__pycache__")) and not list(out.rglob("instance"))
    assert not broken_links(out)


def test_a_second_build_replaces_only_its_own_files(fake_repo, tmp_path):
    out = tmp_path / "site"
    first = build(out, fake_repo)
    assert (out / "decks" / "01_first" / "index.html") in first
    # Someone adds their own files beside the build; a page of the site goes away.
    (out / "photos").mkdir()
    (out / "photos" / "family.jpg").write_bytes(b"\xff\xd8 a photo")
    (out / "decks" / "01_first" / "mine.txt").write_text("mine")
    (fake_repo / "steps" / "02_second" / "templates" / "base.html").unlink()
    build(out, fake_repo)
    assert (out / "photos" / "family.jpg").read_bytes() == b"\xff\xd8 a photo"
    assert (out / "decks" / "01_first" / "mine.txt").read_text() == "mine"
    assert not (out / "steps" / "02_second" / "templates").exists(), "an old page of the site was kept"
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("kind", ["index.html and photos", "a file"])
def test_build_refuses_a_folder_it_did_not_write_and_names_it(tmp_path, kind):
    out = tmp_path / "public_html"
    if kind == "a file":
        out.write_text("mine")
        mine = {out: "mine"}
    else:
        (out / "photos").mkdir(parents=True)
        mine = {
            out / "index.html": "<h1>My page</h1>",
            out / "photos" / "family.jpg": "jpeg",
            out / "thesis.tex": "tex",
        }
        for path, text in mine.items():
            path.write_text(text)
    result = CliRunner().invoke(main, ["slides", "build", str(out)])
    assert result.exit_code != 0
    assert str(out) in result.output
    if kind != "a file":  # (click itself refuses a file: "… is a file.")
        assert "choose a new or empty folder" in result.output
    assert {path: path.read_text() for path in mine} == mine


def test_build_into_an_empty_folder(fake_repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("empty")
    assert build(out, fake_repo)
    assert (out / "index.html").is_file()


def test_build_reports_a_broken_deck(fake_repo, tmp_path):
    deck = fake_repo / "slides" / "01_first.md"
    deck.write_text(deck.read_text().replace("app.py:index\n", "app.py:indx\n", 1))
    with pytest.raises(Exception, match=r"slides/01_first.md:12: .*has no top-level"):
        build(tmp_path / "out", fake_repo)


def test_serve_on_a_busy_port_says_what_to_do():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"port {port} is already in use" in result.output
    assert f"workshop serve --port {port + 1}" in result.output


def test_make_run_serves_the_site():
    assert "$(BIN)/workshop serve" in (REPO / "Makefile").read_text()
