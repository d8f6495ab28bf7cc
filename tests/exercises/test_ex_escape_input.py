"""Exercise escape_input (step 02): text from the URL is escaped before it goes into HTML."""

import pytest

EXERCISE = "escape_input"

# No "/" in it: the default converter stops at slashes.
ATTACK = "<img src=x onerror=alert(1)>"


def test_hello_greets_by_name(client):
    """GET /hello/Ada says hello to Ada"""
    response = client.get("/hello/Ada")
    assert response.status_code == 200, f"GET /hello/Ada should answer 200, not {response.status_code}"
    assert response.text == "Hello, Ada!", f"GET /hello/Ada should say 'Hello, Ada!', not {response.text!r}"


@pytest.mark.parametrize("url, shown", [
    (f"/hello/{ATTACK}", f"Hello, {ATTACK}!"),
    (f"/files/notes/{ATTACK}.txt", f"File: notes/{ATTACK}.txt"),
])
def test_html_in_the_url_is_shown_not_run(client, url, shown):
    """HTML typed into the URL is shown as text, never run"""
    response = client.get(url)
    assert "<img" not in response.text, (
        f"GET {url} puts a real <img> tag in the page: anyone can send a link that runs "
        "their script in your visitor's browser. Escape the value with escape()"
    )
    expected = shown.replace("<", "&lt;").replace(">", "&gt;")
    assert response.text == expected, f"GET {url} should show {expected!r}, not {response.text!r}"
