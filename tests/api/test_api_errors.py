"""Every error is JSON in one envelope, and every response carries the security headers."""

from __future__ import annotations

import pytest

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def assert_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    return error


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/nothing-here", 404),
    ("GET", "/", 404),
    ("GET", "/api/v1/", 404),
    ("GET", "/api/v2/accounts", 404),
    ("DELETE", "/api/v1/accounts", 405),
    ("PATCH", "/api/v1/accounts/ada", 405),
    ("GET", "/api/v1/accounts/login", 401),   # GET is a profile lookup: it needs a token
])
def test_unknown_routes_and_methods_answer_json(client, method, url, status):
    response = client.open(url, method=method)
    assert_error(response, status)
    if status == 405:
        assert "POST" in response.headers["Allow"] or "GET" in response.headers["Allow"]


@pytest.mark.parametrize("body, content_type, status", [
    ('{"username": "ada",', "application/json", 400),          # malformed
    ("", "application/json", 400),                              # empty
    ('["ada"]', "application/json", 400),                       # not an object
    ('"ada"', "application/json", 400),
    ("[" * 100_000 + "]" * 100_000, "application/json", 400),   # nested too deep
    ("username=ada", "application/x-www-form-urlencoded", 415),  # a form, not JSON
    ('{"username": "ada"}', "text/plain", 415),
    ('{"username": "ada"}', None, 415),
])
def test_bodies_that_are_not_a_json_object(client, body, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/api/v1/accounts", data=body, headers=headers)
    assert_error(response, status)


def test_a_body_over_1_mib_is_413(client, auth):
    headers = auth.headers()
    big = {"name": "big", "note": "x" * (1024 * 1024)}
    response = client.post("/api/v1/accounts/ada/tasks", json=big, headers=headers)
    assert_error(response, 413)
    assert client.get("/api/v1/accounts/ada/tasks", headers=headers).json["total"] == 0


def test_an_unexpected_exception_is_a_json_500_without_a_traceback(fresh_app):
    def broken():
        raise RuntimeError("secret detail")

    # A route of its own: Flask adds none to an app that has served a request (the shared one).
    fresh_app.add_url_rule("/broken", view_func=broken)
    fresh_app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production; tests re-raise by default
    response = fresh_app.test_client().get("/broken")
    assert_error(response, 500)
    assert "secret detail" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("url", ["//api/v1//accounts//alice", "/api//v1", "//api/v1/accounts/login"])
def test_doubled_slashes_answer_json_and_never_redirect(client, url):
    # A redirect would carry a Location built from the Host header the client chose.
    response = client.get(url, headers={"Host": "evil.example"})
    assert_error(response, 404)
    assert "Location" not in response.headers


def test_a_204_carries_no_content_type(client, auth):
    headers = auth.headers()
    task = client.post("/api/v1/accounts/ada/tasks", json={"name": "x"}, headers=headers).json
    response = client.delete(f"/api/v1/accounts/ada/tasks/{task['id']}", headers=headers)
    assert response.status_code == 204
    assert response.data == b"" and "Content-Type" not in response.headers


def test_validation_errors_carry_fields_and_others_do_not(client):
    assert "fields" in assert_error(client.post("/api/v1/accounts", json={}), 400)
    assert "fields" not in assert_error(client.get("/nothing-here"), 404)


def test_successful_answers_carry_the_security_headers_too(client):
    response = client.get("/api/v1")
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    # Not logged in: nothing secret, so caches may keep it.
    assert "Cache-Control" not in response.headers


def test_index_lists_every_api_route_from_the_url_map(app, client):
    response = client.get("/api/v1")
    assert response.status_code == 200
    listed = {(route["path"], method) for route in response.json["routes"]
              for method in route["methods"]}
    expected = {(rule.rule, method) for rule in app.url_map.iter_rules()
                if rule.endpoint.startswith("api.")
                for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert listed == expected
    assert ("/api/v1/accounts/<username>/tasks/<int(max=2147483647):id>", "PUT") in listed
    assert ("/api/v1/accounts/logout", "POST") in listed
    assert ("/api/v1/accounts/logout", "GET") not in listed  # logging out changes things: POST
    # Each method says in a few words what it does (the view's docstring).
    assert all(all(summary for summary in route["methods"].values())
               for route in response.json["routes"])
