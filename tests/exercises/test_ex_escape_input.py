"""Exercise escape_input (step 02): text from the URL is escaped in HTML."""

import pytest

EXERCISE = "escape_input"


@pytest.mark.parametrize("url, raw, escaped", [
    ("/hello/<script>alert(1)", "<script>", "&lt;script&gt;alert(1)"),
    ("/hello/<b>bold", "<b>", "&lt;b&gt;bold"),
    ("/files/<img src=x onerror=alert(1)>", "<img", "&lt;img src=x onerror=alert(1)&gt;"),
])
def test_html_in_the_url_is_shown_as_text(client, url, raw, escaped):
    """HTML typed into the URL comes back as text, not as markup"""
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} should answer 200, not {response.status_code}"
    assert raw not in response.text, (
        f"GET {url} puts {raw} into the page as HTML: a browser runs it (cross-site scripting)"
    )
    assert escaped in response.text, f"GET {url} should show the text {escaped}, got {response.text!r}"


def test_quotes_and_ampersands_are_escaped_too(client):
    """quotes and & are escaped, so the text cannot break out of an attribute either"""
    response = client.get("/hello/Tom & \"Jerry's\"")
    assert "&amp;" in response.text and "&#34;" in response.text and "&#39;" in response.text, (
        f"GET /hello/Tom & \"Jerry's\" should show &, \" and ' as &amp;, &#34; and &#39;, got {response.text!r}"
    )


def test_ordinary_text_is_unchanged(client):
    """an ordinary name, and a path with slashes, come back as they were"""
    assert client.get("/hello/Zoë").text == "<h1>Hello, Zoë!</h1>", "GET /hello/Zoë should greet Zoë as typed"
    response = client.get("/files/notes/day1.txt")
    assert response.status_code == 200 and "<code>notes/day1.txt</code>" in response.text, (
        f"GET /files/notes/day1.txt should name the file notes/day1.txt, got {response.text!r}"
    )
