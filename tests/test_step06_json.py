"""Step 06: JSON responses, reading JSON, validation and JSON errors."""

import pytest

STEP = "06_json"


def error_of(response):
    assert response.mimetype == "application/json", response.text
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == response.status_code
    return body["error"]["message"]


def test_dict_return_is_json(client):
    response = client.get("/api/hello/<b>ada")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {"greeting": "Hello, <b>ada!"}  # JSON, not HTML: no escaping


def test_task_list_and_one_task(client):
    tasks = client.get("/api/tasks").get_json()["tasks"]
    assert [task["id"] for task in tasks] == [1, 2, 3]
    assert client.get("/api/tasks/2").get_json() == {"id": 2, "name": "write a template", "done": False, "note": None}


def test_jsonify_sends_a_bare_number(client):
    response = client.get("/api/tasks/count")
    assert response.mimetype == "application/json"
    assert response.get_json() == 3


def test_missing_task_is_a_json_404(client):
    response = client.get("/api/tasks/99")
    assert response.status_code == 404
    assert error_of(response) == "There is no task #99."


def test_unknown_api_url_is_a_json_404_but_pages_keep_html(client):
    assert error_of(client.get("/api/nothing")) .startswith("The requested URL was not found")
    page = client.get("/nothing")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_wrong_method_is_a_json_405_that_keeps_allow(client):
    response = client.delete("/api/tasks")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
    assert "not allowed" in error_of(response)


def test_create_task_from_json(client):
    response = client.post("/api/tasks", json={"name": "  learn JSON ", "note": "step 06"})
    assert response.status_code == 200
    assert response.get_json() == {"id": 4, "name": "learn JSON", "done": False, "note": "step 06"}
    assert client.get("/api/tasks/4").status_code == 200


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


@pytest.mark.parametrize(
    "payload, message",
    [
        ([1, 2], "The body must be a JSON object"),
        ("just a string", "The body must be a JSON object"),
        ("null", "The body must be a JSON object"),
        ({}, "name is required"),
        ({"name": ""}, "name is required"),
        ({"name": "   "}, "name is required"),
        ({"name": 42}, "name is required"),
        ({"name": "ok", "note": 7}, "note must be a string or null"),
    ],
)
def test_invalid_task_is_400_naming_the_field_and_adds_nothing(client, payload, message):
    if payload == "null":
        response = client.post("/api/tasks", data="null", content_type="application/json")
    else:
        response = client.post("/api/tasks", json=payload)
    assert response.status_code == 400
    assert error_of(response).startswith(message)
    assert len(client.get("/api/tasks").get_json()["tasks"]) == 3


def test_search_ignores_case_in_the_query_and_the_names(client):
    client.post("/api/tasks", json={"name": "Write Docs"})
    page = client.get("/tasks?q=write").text
    assert page.count("<li ") == 2  # "write a template" and "Write Docs"
    assert "Write Docs" in page


def test_echo_with_silent_true_chooses_its_own_error(client):
    assert client.post("/api/echo", json={"n": 3, "tags": ["x"]}).get_json() == {"you_sent": {"n": 3, "tags": ["x"]}}
    for kwargs in ({"data": "name=ada"}, {"data": "{bad", "content_type": "application/json"}):
        response = client.post("/api/echo", **kwargs)
        assert response.status_code == 400
        assert error_of(response) == "Send a JSON body with Content-Type: application/json."


def test_unexpected_error_in_the_api_is_a_json_500(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: no traceback to the client

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("a bug")

    response = client.get("/api/boom")
    assert response.status_code == 500
    assert "RuntimeError" not in response.text and "Traceback" not in response.text
    assert error_of(response).startswith("The server encountered an internal error")
