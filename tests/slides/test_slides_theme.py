"""Code is readable from the back of the room: every colour of the code theme, comments and
diff lines included, has at least 4.5:1 contrast (WCAG AA) with its background.

The figures are computed from the stylesheets the site serves (/pygments.css for code,
static/site.css for the slides' own colours), the normal theme and the high-contrast one.
"""

from __future__ import annotations

import re

import pytest

from workshop.slides.theme import CODE_BG

AA = 4.5
RULE = re.compile(r"(?P<selector>[^{}]+)\{(?P<body>[^}]*)\}")


def luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def declarations(css: str, scope: str) -> list[tuple[str, str | None, str | None]]:
    """(selector, colour, background) of each rule whose selector starts with *scope*."""
    found = []
    for match in RULE.finditer(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        selector = match["selector"].strip()
        if not selector.startswith(scope):
            continue
        body = match["body"]
        colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", body)
        background = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})", body)
        found.append((selector, colour and colour[1], background and background[1]))
    return found


def test_the_arithmetic():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#60A0B0", "#f6f8fa") == pytest.approx(2.8, abs=0.05)  # the old comments
    assert contrast("#888888", "#f6f8fa") < AA  # the old status lines


@pytest.mark.parametrize("scope", [".highlight", ".high-contrast .highlight"])
def test_every_token_colour_has_aa_contrast_with_its_background(site_client, scope):
    css = site_client.get("/pygments.css").text
    rules = declarations(css, scope)
    base = next(background for selector, _, background in rules if selector == scope)
    assert base, f"{scope} has no background"
    if scope == ".highlight":
        assert base.lower() == CODE_BG
    checked, faint = 0, []
    for selector, colour, background in rules:
        if colour is None:
            continue
        ratio = contrast(colour, background or base)
        checked += 1
        if ratio < AA:
            faint.append(f"{selector}: {colour} on {background or base} is {ratio:.2f}:1")
    assert checked > 40, f"only {checked} colours found in {scope}: is the stylesheet parsed?"
    assert not faint, "\n".join(faint)
    lowest = min(contrast(c, b or base) for _, c, b in rules if c)
    print(f"{scope}: lowest contrast {lowest:.2f}:1")


def test_comments_diff_lines_and_console_output_in_particular(site_client):
    css = site_client.get("/pygments.css").text
    rules = {selector: (colour, background) for selector, colour, background in declarations(css, ".highlight")}
    for token in (".c", ".c1", ".gi", ".gd", ".go", ".gp", ".gu", ".gh"):  # comments, diff, transcripts
        colour, background = rules[f".highlight {token}"]
        assert contrast(colour, background or CODE_BG) >= AA, token


def test_the_slides_own_text_colours_have_aa_contrast(site_client):
    css = site_client.get("/static/site.css").text
    paper = re.search(r"--paper:\s*(#[0-9a-fA-F]{6})", css)[1]
    faint = []
    for selector, colour, background in declarations(css, ".slide") + declarations(css, ".high-contrast .slide"):
        if colour and contrast(colour, background or paper) < AA:
            faint.append(f"{selector}: {colour} is {contrast(colour, background or paper):.2f}:1")
    assert not faint, "\n".join(faint)
