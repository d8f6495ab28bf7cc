"""Exercise json_errors (step 06): one handler answers every API error in JSON."""

EXERCISE = "json_errors"


def error_of(response, status):
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    assert response.is_json, f"the {status} of an /api/ URL answers {response.mimetype}: an API client cannot read HTML"
    return response.get_json()


def test_404_from_abort(client):
    """GET /api/tasks/9 answers a JSON 404 with the view's message"""
    body = error_of(client.get("/api/tasks/9"), 404)
    assert body == {"error": {"status": 404, "message": "There is no task 9."}}, f"the 404 answers {body}"


def test_403_keeps_its_own_status_and_message(client):
    """DELETE /api/tasks/1 answers a JSON 403 with its message"""
    body = error_of(client.delete("/api/tasks/1"), 403)
    assert body == {"error": {"status": 403, "message": "Tasks cannot be deleted yet."}}, f"the 403 answers {body}"


def test_unknown_api_url(client):
    """a URL under /api/ that does not exist answers a JSON 404"""
    body = error_of(client.get("/api/nothing"), 404)
    assert body["error"]["status"] == 404 and body["error"]["message"], f"the 404 answers {body}"


def test_405_keeps_allow(client):
    """PUT /api/tasks/1 answers a JSON 405 with its Allow header"""
    response = client.put("/api/tasks/1")
    error_of(response, 405)
    assert "DELETE" in response.headers.get("Allow", ""), (
        f"the 405 lost its Allow header ({response.headers.get('Allow')!r}): it tells clients what the URL accepts"
    )


def test_pages_keep_html_errors(client):
    """outside /api/, a 404 is still Flask's HTML page"""
    response = client.get("/nowhere")
    assert response.status_code == 404 and response.mimetype == "text/html", (
        f"GET /nowhere answers {response.mimetype}: pages a browser shows should keep HTML errors"
    )
