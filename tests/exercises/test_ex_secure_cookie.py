"""Exercise secure_cookie (step 07): set_cookie() with max_age, httponly, secure and samesite."""

EXERCISE = "secure_cookie"


def cookie_parts(response):
    header = response.headers.get("Set-Cookie", "")
    return header, {part.strip().split("=")[0].lower(): part.strip() for part in header.split(";")}


def test_the_theme_is_remembered(client):
    """POST /theme/dark sets the cookie, and GET / reads it"""
    response = client.post("/theme/dark")
    assert response.status_code == 200 and response.headers.get("Set-Cookie", "").startswith("theme=dark"), (
        "POST /theme/dark should set the cookie theme=dark"
    )
    assert "Your theme is dark." in client.get("/").text


def test_kept_for_a_year(client):
    """the cookie lasts a year (Max-Age 31536000), even after the browser closes"""
    header, parts = cookie_parts(client.post("/theme/dark"))
    assert parts.get("max-age") == "Max-Age=31536000", (
        f"the cookie ({header}) disappears when the browser closes: it should be kept for a year, 31536000 seconds"
    )


def test_out_of_reach_of_scripts_and_plain_http(client):
    """the cookie is HttpOnly and Secure"""
    header, parts = cookie_parts(client.post("/theme/dark"))
    assert "httponly" in parts, f"the cookie ({header}) can be read by the page's JavaScript: it should be HttpOnly"
    assert "secure" in parts, f"the cookie ({header}) is sent over plain HTTP too: it should be Secure"


def test_same_site_lax(client):
    """the cookie is SameSite=Lax"""
    header, parts = cookie_parts(client.post("/theme/dark"))
    assert parts.get("samesite") == "SameSite=Lax", (
        f"the cookie ({header}) should not ride along with requests other sites start, yet come with a "
        "followed link: SameSite=Lax"
    )


def test_other_themes_are_404(client):
    """POST /theme/purple is a 404"""
    assert client.post("/theme/purple").status_code == 404
