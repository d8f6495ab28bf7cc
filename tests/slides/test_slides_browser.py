"""The decks in a real browser: readable on a projector, nothing overflows, nothing is broken.

Chromium opens every deck once, at 1024×768 (a common room projector, 4:3), walks every
slide with the keyboard, then resizes the same window to 1920×1080 (the deck refits
itself) and checks every slide again. At both sizes it fails on any slide or code block
whose content is bigger than its box, on code under 24 px or other slide text under 20 px
as the screen shows it, and on a slide that is not 16:9, scaled to fit and centred; and
on a console error, a failed request, a broken link or image. With ``--screenshots``,
each deck's first slide at each size is saved in tests/screenshots/ (git-ignored) for a
quick look (not by default: the 26 pictures cost the run several CPU-seconds and no test
reads them).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from workshop.loader import REPO
from workshop.slides.render import deck_paths, deck_schedule

#: In the run's one Chromium (the session's `browser`, tests/conftest.py), with the other browser tests.
pytestmark = pytest.mark.browser

DECKS = [deck.stem for deck in deck_paths()]
SCREENSHOTS = REPO / "tests" / "screenshots"

#: The smallest sizes a projector may show, in CSS pixels of the screen (STYLE.md).
MIN_CODE_PX = 24
MIN_TEXT_PX = 20
MIN_CONTRAST = 4.5  # WCAG AA, every code token as Chromium paints it
#: The keyboard walk is at the first size; the second checks every slide again.
VIEWPORTS = {"1024x768": {"width": 1024, "height": 768}, "1920x1080": {"width": 1920, "height": 1080}}

# The current slide's number, the URL's hash, the elements of the slide whose content is
# larger than their box, the slide's box on screen, and the smallest code and text as
# shown (font size × the slide's scale), each with its text (one round trip per slide).
STATE = r"""
() => {
  const slide = document.querySelector('.slide.current');
  const box = slide.getBoundingClientRect();
  const scale = box.width / slide.offsetWidth;
  const smallest = {code: [Infinity, ''], text: [Infinity, '']};
  // WCAG contrast of a text's colour with the first opaque background behind it.
  const rgb = value => (value.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(c => c / 255)
    .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const backdrop = el => {
    for (; el; el = el.parentElement) {
      const bg = rgb(getComputedStyle(el).backgroundColor);
      if (bg.length === 3 || (bg.length === 4 && bg[3] === 1)) return bg.slice(0, 3);
    }
    return [255, 255, 255];
  };
  let lowest = [Infinity, ''];
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const kind = el.closest('pre') ? 'code' : 'text';
    const size = parseFloat(getComputedStyle(el).fontSize) * scale;
    if (size < smallest[kind][0]) smallest[kind] = [size, node.textContent.trim().slice(0, 40)];
    if (kind === 'code') {
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(backdrop(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < lowest[0]) lowest = [ratio, node.textContent.trim().slice(0, 40)];
    }
  }
  return {
    number: Number(slide.dataset.number),
    hash: location.hash,
    box: [box.left, box.top, box.width, box.height],
    window: [innerWidth, innerHeight],
    smallest,
    lowest,
    overflows: [slide, ...slide.querySelectorAll('pre')]
      .filter(el => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)
      .map(el => `${el.tagName.toLowerCase()} is ${el.scrollWidth}×${el.scrollHeight}, its box `
                 + `${el.clientWidth}×${el.clientHeight}: ` + el.textContent.trim().slice(0, 60)),
  };
}
"""
# Every slide of the deck in turn, made current as the deck's show() makes it (the
# .current class: nothing else changes the layout), with STATE taken on each, then the
# slide that was showing made current again: one round trip for the whole deck, no
# navigation (#/N by #/N costs several times as much in Chromium). It waits a frame
# first, so that the deck has answered a resize of the window (fit()).
EVERY_SLIDE = """
async () => {
  const state = """ + STATE.strip() + """;
  await new Promise(resolve => requestAnimationFrame(resolve));
  const slides = [...document.querySelectorAll('.deck .slide')];
  const showing = slides.find(slide => slide.classList.contains('current'));
  const show = wanted => slides.forEach(slide => slide.classList.toggle('current', slide === wanted));
  const states = slides.map(slide => (show(slide), state()));
  show(showing);
  return states;
}
"""
# The keyboard walk's record: on every key released (after the deck has answered it), the
# STATE of the slide the keyboard now shows, kept in the page and read at the end, one
# round trip for the whole walk instead of one per slide; STOP_RECORDING returns it.
RECORD_KEYS = """
() => {
  const state = """ + STATE.strip() + """;
  window.walked = [];
  window.recordKey = () => window.walked.push(state());
  addEventListener('keyup', window.recordKey);
}
"""
STOP_RECORDING = "() => { removeEventListener('keyup', window.recordKey); return window.walked; }"
BROKEN_IMAGES = """
() => [...document.images].filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)
"""
# Every link into the site, fetched from the page (external links are not: no network).
# Each body is read to its end: a body left unread is cancelled later, and Chromium
# reports that as a failed request of the page.
BROKEN_LINKS = """
async () => {
  const urls = [...new Set([...document.querySelectorAll('a[href]')].map(a => a.href.split('#')[0]))]
    .filter(url => url.startsWith(location.origin));
  const answers = await Promise.all(urls.map(url =>
    fetch(url).then(async response => { await response.arrayBuffer(); return [url, response.status]; })
      .catch(error => [url, String(error)])));
  return answers.filter(([, status]) => status !== 200).map(([url, status]) => `${url} answered ${status}`);
}
"""


def recording_tab(browser):
    """A new tab that records console errors, page errors and failed requests."""
    tab = browser.new_page()
    tab.problems = []
    tab.on("console", lambda message: message.type == "error" and tab.problems.append(f"console: {message.text}"))
    tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    tab.on("requestfailed", lambda request: tab.problems.append(f"request failed: {request.url}"))
    tab.on("response", lambda r: r.status >= 400 and tab.problems.append(f"{r.status}: {r.url}"))
    return tab


@pytest.fixture
def page(browser):
    """A fresh tab (see recording_tab)."""
    tab = recording_tab(browser)
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def deck_tab(browser):
    """One tab for the deck walks: each loads its deck afresh in it, its problems recorded
    from a clean list (a new tab per deck costs Chromium a new renderer process)."""
    tab = recording_tab(browser)
    yield tab
    tab.close()


@pytest.fixture
def deck_page(deck_tab):
    deck_tab.problems.clear()
    return deck_tab


def current(page) -> int:
    return int(page.locator(".slide.current").get_attribute("data-number"))


def projector_problems(state: dict) -> list[str]:
    """What makes the current slide hard to read on this screen (see STATE)."""
    problems = list(state["overflows"])
    left, top, width, height = state["box"]
    window_width, window_height = state["window"]
    if abs(width / height - 16 / 9) > 0.01:
        problems.append(f"the slide is {width:.0f}×{height:.0f}, not 16:9")
    if abs(left - (window_width - width) / 2) > 1 or abs(top - (window_height - height) / 2) > 1:
        problems.append(f"the slide is not centred: at {left:.0f},{top:.0f}, {width:.0f}×{height:.0f}")
    if min(window_width - width, window_height - height) > 1:
        problems.append(f"the slide ({width:.0f}×{height:.0f}) does not fill the window's width or height")
    for kind, least in (("code", MIN_CODE_PX), ("text", MIN_TEXT_PX)):
        size, text = state["smallest"][kind]
        if size < least - 0.05:
            problems.append(f"{kind} at {size:.1f} px (under {least} px): {text!r}")
    ratio, text = state["lowest"]
    if ratio < MIN_CONTRAST:
        problems.append(f"code at {ratio:.2f}:1 contrast (under {MIN_CONTRAST}:1): {text!r}")
    return problems


def keyboard_problems(page, count: int, size: str) -> list[str]:
    """What Home, End and ← do wrong on the deck (at the window's current *size*)."""
    problems = []
    for key, wanted in (("Home", 1), ("End", count), ("ArrowLeft", max(1, count - 1))):
        page.keyboard.press(key)
        if current(page) != wanted:
            problems.append(f"at {size}, {key} shows slide {current(page)}, not slide {wanted}")
    return problems


@pytest.fixture
def screenshot(request, name):
    """Save the page as tests/screenshots/NAME-SIZE.png, with --screenshots (else nothing)."""
    wanted = request.config.getoption("--screenshots")
    if wanted:
        SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, size: str) -> None:
        if wanted:
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"))

    return take


@pytest.mark.parametrize("name", DECKS)
def test_deck_walks_by_keyboard_readable_without_overflow_or_errors(deck_page, site_url, name, screenshot,
                                                                    record_property):
    page = deck_page
    walked, resized = VIEWPORTS
    page.set_viewport_size(VIEWPORTS[walked])
    page.goto(f"{site_url}/decks/{name}/")
    page.wait_for_selector("body.ready")
    count = int(page.get_attribute("body", "data-count"))
    screenshot(page, walked)

    # At the first size, slide by slide with the keyboard (space and →, alternately): the
    # slide shown and the URL's hash as loaded, then after every key (RECORD_KEYS).
    states = {walked: [page.evaluate(STATE)]}
    page.evaluate(RECORD_KEYS)
    for number in range(1, count + 1):
        page.keyboard.press("Space" if number % 2 else "ArrowRight")
    states[walked] += page.evaluate(STOP_RECORDING)
    reached = [(state["number"], state["hash"]) for state in states[walked]]
    # Slides 1 to count in turn, and → on the last slide stays there.
    assert reached == [(n, f"#/{n}") for n in [*range(1, count + 1), count]], f"at {walked}, by keyboard"
    del states[walked][-1]
    problems = keyboard_problems(page, count, walked)

    # The same window, resized: the deck refits; every slide checked again.
    page.set_viewport_size(VIEWPORTS[resized])
    page.keyboard.press("Home")
    assert current(page) == 1, f"at {resized}, Home shows slide {current(page)}, not slide 1"
    screenshot(page, resized)
    states[resized] = page.evaluate(EVERY_SLIDE)
    assert [state["number"] for state in states[resized]] == list(range(1, count + 1))
    problems += keyboard_problems(page, count, resized)

    for size, walk in states.items():
        for number, state in enumerate(walk, start=1):
            assert state["window"] == [VIEWPORTS[size]["width"], VIEWPORTS[size]["height"]]
            problems += [f"at {size}, slide {number}: {problem}" for problem in projector_problems(state)]
    every = [state for walk in states.values() for state in walk]
    record_property("smallest_code_px", round(min(state["smallest"]["code"][0] for state in every), 1))
    record_property("lowest_code_contrast", round(min(state["lowest"][0] for state in every), 2))
    assert not problems, "\n".join(problems)

    # Links and images are the same at any size: checked once.
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
        assert speaker.locator(".notes:not([hidden])").inner_text().startswith("Say: goal of this step")
        assert speaker.locator(".upcoming .slide.current").get_attribute("data-number") == "2"
        assert re.fullmatch(r"\d\d:\d\d", speaker.locator(".timer").inner_text())
        # The time spent against the deck's budget (teaching and core exercises).
        budget = deck_schedule(REPO / "slides" / "01_hello_world.md").core_minutes
        assert speaker.locator(".budget-time").inner_text() == f"{budget}:00"
        assert speaker.locator(".budget-bar").get_attribute("aria-valuenow") == "0"

        speaker.keyboard.press("ArrowRight")
        page.wait_for_function("location.hash === '#/2'")
        assert current(page) == 2
        assert "WSGI is the interface" in speaker.locator(".notes:not([hidden])").inner_text()

        page.keyboard.press("End")
        speaker.wait_for_function(
            "document.querySelector('.now .slide.current').dataset.number === document.body.dataset.count"
        )
        assert speaker.locator(".upcoming .slide.current").inner_text() == "End of the deck"
    finally:
        speaker.close()
    assert not page.problems, "\n".join(page.problems)


def test_the_whole_note_shows_in_the_speaker_view_scrolling_if_long(browser, site_url):
    speaker = browser.new_page()
    try:
        speaker.set_viewport_size({"width": 1024, "height": 768})
        speaker.goto(f"{site_url}/decks/05_request/speaker/#/4")
        speaker.wait_for_selector("body.ready")
        pane = speaker.locator(".notes-pane")
        note = speaker.locator(".notes:not([hidden])")
        # Every line of the note is there (none cut off), and the pane scrolls when it is long.
        assert note.inner_text().count("\n") >= 3 and "Mistake:" in note.inner_text()
        assert pane.evaluate("el => getComputedStyle(el).overflowY") == "auto"
        assert pane.evaluate("el => el.scrollHeight >= el.clientHeight")
    finally:
        speaker.close()


def test_key_c_switches_to_high_contrast_and_back(page, site_url):
    page.goto(f"{site_url}/decks/02_routes/#/3")
    page.wait_for_selector("body.ready")
    background = "getComputedStyle(document.querySelector('.slide.current pre')).backgroundColor"
    assert page.evaluate(background) == "rgb(246, 248, 250)"
    page.keyboard.press("c")
    assert page.evaluate("document.body.classList.contains('high-contrast')")
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.reload()
    page.wait_for_selector("body.ready")
    assert page.evaluate("document.body.classList.contains('high-contrast')"), "remembered on reload"
    page.keyboard.press("c")
    assert not page.evaluate("document.body.classList.contains('high-contrast')")


def test_print_makes_one_page_per_slide_with_its_notes_beneath(page, site_url):
    page.goto(f"{site_url}/decks/01_hello_world/#/4")
    page.wait_for_selector("body.ready")
    count = int(page.get_attribute("body", "data-count"))
    assert page.locator(".print-notes").first.is_hidden(), "notes are not on the projected slide"
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == count
    page.emulate_media(media="print")
    assert page.locator(".controls").is_hidden()
    # Each slide, then its notes right beneath it, on the same page.
    layout = page.evaluate("""() => [...document.querySelectorAll('.slide')].map(slide => {
        const notes = slide.nextElementSibling, a = slide.getBoundingClientRect(), b = notes.getBoundingClientRect();
        return {ratio: a.width / a.height, gap: b.top - a.bottom, shown: getComputedStyle(notes).display,
                says: notes.innerText.includes('Say:')};
    })""")
    assert len(layout) == count
    for number, slide in enumerate(layout, start=1):
        assert abs(slide["ratio"] - 16 / 9) < 0.01, number
        assert slide["shown"] == "block" and slide["says"] and 0 <= slide["gap"] < 40, (number, slide)


@pytest.mark.parametrize("path", ["/", "/steps/02_routes/", "/steps/01_hello_world/app.py.html"])
def test_site_pages_have_no_errors_or_broken_links(page, site_url, path):
    page.goto(site_url + path)
    assert not page.evaluate(BROKEN_LINKS)
    assert not page.evaluate(BROKEN_IMAGES)
    assert urlsplit(page.url).path == path
    assert not page.problems, "\n".join(page.problems)
