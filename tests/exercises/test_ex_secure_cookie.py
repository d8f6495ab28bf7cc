"""Exercise secure_cookie (step 07): set_cookie() with max_age, httponly, secure and samesite."""

EXERCISE = "secure_cookie"

YEAR = 60 * 60 * 24 * 365


def theme_cookie(response):
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("theme=")]
    assert cookies, "POST /theme/dark should set a cookie named theme"
    return [part.strip() for part in cookies[0].split(";")]


def test_theme_is_set_and_redirects(client):
    """POST /theme/dark sets the theme and redirects with 303"""
    response = client.post("/theme/dark")
    assert response.status_code == 303, f"POST /theme/dark should answer 303 See Other, not {response.status_code}"
    assert "theme=dark" in theme_cookie(response), "the cookie should hold the theme: theme=dark"


def test_cookie_is_hidden_from_javascript(client):
    """the cookie is HttpOnly"""
    assert "HttpOnly" in theme_cookie(client.post("/theme/dark")), (
        "the theme cookie should be HttpOnly (httponly=True): scripts on the page cannot read it"
    )


def test_cookie_is_https_only_and_same_site(client):
    """the cookie is Secure and SameSite=Lax"""
    parts = theme_cookie(client.post("/theme/dark"))
    assert "Secure" in parts, "the theme cookie should be Secure (secure=True): sent over HTTPS only"
    assert "SameSite=Lax" in parts, "the theme cookie should be SameSite=Lax: not sent with cross-site POSTs"


def test_cookie_lasts_a_year(client):
    """the cookie lasts a year"""
    parts = theme_cookie(client.post("/theme/dark"))
    assert f"Max-Age={YEAR}" in parts, (
        f"the cookie should last a year: max_age={YEAR} (seconds); without it, it ends when the browser closes"
    )


def test_reset_deletes_the_cookie(client):
    """POST /theme/reset deletes the cookie"""
    parts = theme_cookie(client.post("/theme/reset"))
    assert "Max-Age=0" in parts or any(p.startswith("Expires=Thu, 01 Jan 1970") for p in parts), (
        "POST /theme/reset should delete the cookie (delete_cookie)"
    )
