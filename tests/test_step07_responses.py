"""Step 07: status codes, headers, make_response, redirects, cookies, after_request."""

import pytest

STEP = "07_responses"


def error_of(response):
    assert response.mimetype == "application/json", response.text
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["status"] == response.status_code
    return body["error"]["message"]


def test_create_is_201_with_location_of_the_new_task(client):
    response = client.post("/api/tasks", json={"name": "learn responses"})
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/tasks/4"
    assert client.get(response.headers["Location"]).get_json()["name"] == "learn responses"


def test_duplicate_name_is_409_and_adds_nothing(client):
    client.post("/api/tasks", json={"name": "learn responses"})
    response = client.post("/api/tasks", json={"name": " Learn Responses "})
    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == "A task named 'Learn Responses' exists already."
    assert len(client.get("/api/tasks").get_json()["tasks"]) == 4


NOT_AN_OBJECT = 'The body must be a JSON object, like {"name": "…"}.'


@pytest.mark.parametrize("body", ['{"name": ', "{'name': 'single quotes'}", "", "nan-sense", "null", "[1, 2]"])
def test_malformed_json_or_not_an_object_is_400_in_plain_words(client, body):
    response = client.post("/api/tasks", data=body, content_type="application/json")
    assert response.status_code == 400
    assert error_of(response) == NOT_AN_OBJECT  # not the parser's jargon, not Flask's vague 400
    assert len(client.get("/api/tasks").get_json()["tasks"]) == 3


def test_form_sent_to_the_json_api_is_415_saying_what_to_send(client):
    response = client.post("/api/tasks", data={"name": "sent as a form"})
    assert response.status_code == 415
    assert error_of(response) == "Send JSON, with Content-Type: application/json."


def test_delete_is_204_with_no_body_then_404(client):
    response = client.delete("/api/tasks/2")
    assert response.status_code == 204
    assert response.data == b""
    assert client.get("/api/tasks/2").status_code == 404
    assert client.delete("/api/tasks/2").status_code == 404


def test_ids_stay_unique_after_a_delete(client):
    client.delete("/api/tasks/2")
    first = client.post("/api/tasks", json={"name": "a"}).get_json()["id"]
    second = client.post("/api/tasks", json={"name": "b"}).get_json()["id"]
    assert len({1, 3, first, second}) == 4


def test_form_post_redirects_with_303(client):
    response = client.post("/tasks", data={"name": "see other"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/tasks"


def test_search_ignores_case_in_the_query_and_the_names(client):
    client.post("/api/tasks", json={"name": "Write Docs"})
    page = client.get("/tasks?q=write").text
    assert page.count("<li ") == 2  # "write a template" and "Write Docs"
    assert "Write Docs" in page


def test_moved_page_redirects_with_301(client):
    response = client.get("/old-tasks")
    assert response.status_code == 301
    assert response.headers["Location"] == "/tasks"
    assert client.get("/old-tasks", follow_redirects=True).request.path == "/tasks"


def test_response_with_mimetype(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.text == "User-agent: *\nDisallow: /api/\n"


def test_make_response_adds_cache_control_to_personal_page(client):
    response = client.get("/whoami")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "<h1>Your request</h1>" in response.text


def test_theme_cookie_is_set_with_safe_attributes(client):
    response = client.post("/theme/dark")
    assert response.status_code == 303
    assert response.headers["Location"] == "/whoami"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("theme=dark;")
    for attribute in ("HttpOnly", "Secure", "SameSite=Lax", "Max-Age=31536000", "Path=/"):
        assert attribute in cookie


def test_theme_cookie_is_read_back_then_deleted(client):
    client.post("/theme/light")
    assert "<dd>light</dd>" in client.get("/whoami").text
    response = client.post("/theme/reset")
    assert response.headers["Set-Cookie"].startswith("theme=;")
    assert "Max-Age=0" in response.headers["Set-Cookie"]
    assert "<dd>not set</dd>" in client.get("/whoami").text


def test_session_cookie_follows_the_same_advice(client):
    # The step's own session cookie: HttpOnly (Flask's default), Secure, SameSite=Lax.
    cookie = client.get("/whoami").headers["Set-Cookie"]
    assert cookie.startswith("session=")
    for attribute in ("HttpOnly", "Secure", "SameSite=Lax", "Path=/"):
        assert attribute in cookie
    assert "<dd>2</dd>" in client.get("/whoami").text  # the test client still sends it back


def test_unknown_theme_is_404(client):
    assert client.post("/theme/blue").status_code == 404


@pytest.mark.parametrize(
    "method, url",
    [("GET", "/"), ("GET", "/api/tasks"), ("GET", "/nothing"), ("GET", "/robots.txt"), ("DELETE", "/api/tasks/1")],
)
def test_security_headers_on_every_response(client, method, url):
    headers = client.open(url, method=method).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Content-Security-Policy"] == "default-src 'self'"
