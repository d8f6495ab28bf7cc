"""The HTML report fits a 1300-pixel-wide window: no sideways scrolling to reach the total."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.checker import Failure
from workshop.grading import report
from workshop.grading.model import Grade, SubmissionGrade

#: In the run's one Chromium (the session's `browser`, tests/conftest.py), with the other browser tests.
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page_at_1300(browser):
    page = browser.new_page()
    page.set_viewport_size({"width": 1300, "height": 900})
    yield page
    page.close()


@pytest.mark.parametrize("learners", [3, 30])
def test_the_report_fits_1300_pixels_for_every_exercise(page_at_1300, catalog, tmp_path, learners):
    statuses = ["pass", "partial", "fail", "timeout", "error", "missing", "untouched"]
    reason = Failure("GET / answers", "a long explanation " * 20, "assertion",
                     "exercises/01_hello_world/first_app/averyveryverylongfilenamewithoutspaces.py", 9,
                     "return 'x' * 300 + " + "'y'" * 60)
    graded = [
        SubmissionGrade(f"learner-with-a-rather-long-name-{n:02d}", Path("x"), [
            Grade(e, statuses[(n + i) % len(statuses)], 3, 7, reason) for i, e in enumerate(catalog)])
        for n in range(learners)
    ]
    path = tmp_path / "grades.html"
    path.write_text(report.html(graded, catalog), encoding="utf-8")

    page_at_1300.goto(path.as_uri())

    width = page_at_1300.evaluate("document.documentElement.scrollWidth")
    assert width <= 1300, f"the report is {width} px wide: it scrolls sideways at 1300 px"
    # Every exercise's name is in the table's heading, and the total column is on screen.
    headings = page_at_1300.locator("table.class thead th").all_inner_texts()
    assert [h.strip() for h in headings[1:-1]] == [e.name for e in catalog]
    total = page_at_1300.locator("table.class thead th").last.bounding_box()
    assert total["x"] + total["width"] <= 1300
