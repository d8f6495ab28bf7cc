"""Exercise static_and_filter (step 04): a custom filter and a stylesheet linked with url_for()."""

import re

EXERCISE = "static_and_filter"


def test_page_renders(app):
    """GET / shows the task list"""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a broken template answers 500, as in the browser
    response = app.test_client().get("/")
    assert response.status_code == 200, (
        f"GET / answers {response.status_code}: the template uses a filter 'due' that the app does not have"
    )


def test_due_dates_in_words(client):
    """each due date reads overdue, due today, due tomorrow or due in N days"""
    page = client.get("/").text
    for name, words in [("Book the room", "overdue"), ("Test the demo", "due today"),
                        ("Print the badges", "due tomorrow"), ("Write the slides", "due in 5 days")]:
        assert f'{name}: <span class="due">{words}</span>' in page, f"the task {name!r} should read {words!r}"


def stylesheet(page: str) -> str | None:
    match = re.search(r'<link rel="stylesheet" href="([^"]*)"', page)
    return match and match[1]


def test_stylesheet_is_served(client):
    """the stylesheet the page links is served as CSS"""
    href = stylesheet(client.get("/").text)
    assert href, "the page links no stylesheet"
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/css", (
        f"the page links {href}, which answers {response.status_code}"
    )


def test_stylesheet_link_follows_the_mount_point(client):
    """mounted under /todo, the page links /todo/static/style.css"""
    page = client.get("/", base_url="http://localhost/todo/").text
    href = stylesheet(page)
    assert href == "/todo/static/style.css", (
        f"served under /todo (behind a proxy, say) the page still links {href!r}: a URL typed by hand "
        "does not know where the app is mounted; url_for() builds it from the request"
    )
