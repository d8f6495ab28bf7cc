"""The decks in a real browser: keyboard navigation, nothing overflows, nothing is broken.

Chromium at 1280×720 opens every deck, walks every slide with the keyboard and
fails on a console error, a failed request, a broken link or image, and on any
slide or code block whose content is bigger than its box. A screenshot of each
deck's first slide is saved in tests/screenshots/ (git-ignored) for a quick look.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from workshop.loader import REPO
from workshop.slides.render import deck_paths

pytestmark = pytest.mark.browser

DECKS = [deck.stem for deck in deck_paths()]
SCREENSHOTS = REPO / "tests" / "screenshots"

# The current slide's number, the URL's hash, and the elements of the slide whose
# content is larger than their box (one round trip per slide keeps the walk fast).
STATE = """
() => ({
  number: Number(document.querySelector('.slide.current').dataset.number),
  hash: location.hash,
  overflows: [...document.querySelectorAll('.slide.current, .slide.current pre')]
    .filter(el => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)
    .map(el => `${el.tagName.toLowerCase()} is ${el.scrollWidth}×${el.scrollHeight}, its box `
               + `${el.clientWidth}×${el.clientHeight}: ` + el.textContent.trim().slice(0, 60)),
})
"""
BROKEN_IMAGES = """
() => [...document.images].filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)
"""
# Every link into the site, fetched from the page (external links are not: no network).
BROKEN_LINKS = """
async () => {
  const urls = [...new Set([...document.querySelectorAll('a[href]')].map(a => a.href.split('#')[0]))]
    .filter(url => url.startsWith(location.origin));
  const answers = await Promise.all(urls.map(url =>
    fetch(url).then(response => [url, response.status], error => [url, String(error)])));
  return answers.filter(([, status]) => status !== 200).map(([url, status]) => `${url} answered ${status}`);
}
"""


@pytest.fixture
def page(browser):
    """A fresh tab that records console errors, page errors and failed requests."""
    tab = browser.new_page()
    tab.problems = []
    tab.on("console", lambda message: message.type == "error" and tab.problems.append(f"console: {message.text}"))
    tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    tab.on("requestfailed", lambda request: tab.problems.append(f"request failed: {request.url}"))
    tab.on("response", lambda r: r.status >= 400 and tab.problems.append(f"{r.status}: {r.url}"))
    yield tab
    tab.close()


def current(page) -> int:
    return int(page.locator(".slide.current").get_attribute("data-number"))


@pytest.mark.parametrize("name", DECKS)
def test_deck_walks_by_keyboard_without_overflow_or_errors(page, site_url, name):
    page.goto(f"{site_url}/decks/{name}/")
    page.wait_for_selector("body.ready")
    count = int(page.get_attribute("body", "data-count"))
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    overflows = []
    for number in range(1, count + 1):
        state = page.evaluate(STATE)
        assert (state["number"], state["hash"]) == (number, f"#/{number}")
        overflows += [f"slide {number}: {problem}" for problem in state["overflows"]]
        page.keyboard.press("Space" if number % 2 else "ArrowRight")
    assert current(page) == count, "→ on the last slide stays there"
    assert not overflows, "\n".join(overflows)

    page.keyboard.press("Home")
    assert current(page) == 1
    page.keyboard.press("End")
    assert current(page) == count
    page.keyboard.press("ArrowLeft")
    assert current(page) == max(1, count - 1)

    assert not page.evaluate(BROKEN_IMAGES)
    assert not page.evaluate(BROKEN_LINKS)
    assert not page.problems, "\n".join(page.problems)


def test_slide_number_in_the_url_opens_that_slide(page, site_url):
    page.goto(f"{site_url}/decks/01_hello_world/#/3")
    page.wait_for_selector("body.ready")
    assert current(page) == 3
    page.goto(f"{site_url}/decks/01_hello_world/#/999")
    page.wait_for_selector("body.ready")
    assert current(page) == int(page.get_attribute("body", "data-count"))
    assert page.evaluate("location.hash") == f"#/{current(page)}"
    assert not page.problems, "\n".join(page.problems)


def test_speaker_view_follows_and_leads_the_audience(browser, page, site_url):
    page.goto(f"{site_url}/decks/01_hello_world/#/1")
    page.wait_for_selector("body.ready")
    speaker = browser.new_page()
    try:
        speaker.goto(f"{site_url}/decks/01_hello_world/speaker/#/1")
        speaker.wait_for_selector("body.ready")
        # Notes of slide 1 and, as "next", slide 2.
        assert speaker.locator(".notes:not([hidden])").inner_text().startswith("Goal of this step")
        assert speaker.locator(".upcoming .slide.current").get_attribute("data-number") == "2"
        assert re.fullmatch(r"\d\d:\d\d", speaker.locator(".timer").inner_text())

        speaker.keyboard.press("ArrowRight")
        page.wait_for_function("location.hash === '#/2'")
        assert current(page) == 2
        assert speaker.locator(".notes:not([hidden])").inner_text().startswith("WSGI is the interface")

        page.keyboard.press("End")
        speaker.wait_for_function("document.querySelector('.now .slide.current').dataset.number === document.body.dataset.count")
        assert speaker.locator(".upcoming .slide.current").inner_text() == "End of the deck"
    finally:
        speaker.close()
    assert not page.problems, "\n".join(page.problems)


def test_print_makes_one_page_per_slide(page, site_url):
    page.goto(f"{site_url}/decks/01_hello_world/#/4")
    page.wait_for_selector("body.ready")
    count = int(page.get_attribute("body", "data-count"))
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == count
    page.emulate_media(media="print")
    sizes = page.evaluate("[...document.querySelectorAll('.slide')].map(s => [s.offsetWidth, s.offsetHeight])")
    assert sizes == [[1280, 720]] * count
    assert page.locator(".controls").is_hidden()


@pytest.mark.parametrize("path", ["/", "/steps/02_routes/", "/steps/01_hello_world/app.py.html"])
def test_site_pages_have_no_errors_or_broken_links(page, site_url, path):
    page.goto(site_url + path)
    assert not page.evaluate(BROKEN_LINKS)
    assert not page.evaluate(BROKEN_IMAGES)
    assert urlsplit(page.url).path == path
    assert not page.problems, "\n".join(page.problems)
