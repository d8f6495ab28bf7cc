"""Step 02: routes, converters, url_for, trailing slashes and escaping."""

import pytest

STEP = "02_routes"


@pytest.mark.parametrize("url", ["/", "/index"])
def test_one_view_answers_two_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.text == "Hello, world!"


def test_several_routes_map_to_several_views(client):
    assert client.get("/about").text == "A hands-on Flask workshop."
    assert client.get("/projects/").text == "The projects list."


def test_name_variable_is_passed_to_the_view(client):
    assert client.get("/hello/ada").text == "Hello, ada!"


@pytest.mark.parametrize(
    "url, body",
    [
        ("/tasks/42", "Task #42"),
        ("/timer/1.5", "Timer set for 90 seconds."),
        ("/files/notes/2026/plan.txt", "File: notes/2026/plan.txt"),
        (
            "/users/0b5c8f3e-8d9e-4c77-9a56-0c3f1e2d4b6a",
            "User 0b5c8f3e-8d9e-4c77-9a56-0c3f1e2d4b6a (a UUID)",
        ),
    ],
)
def test_converters_convert(client, url, body):
    response = client.get(url)
    assert response.status_code == 200
    assert response.text == body


@pytest.mark.parametrize(
    "url",
    ["/tasks/abc", "/tasks/-1", "/tasks/4.2", "/timer/2", "/timer/abc", "/users/not-a-uuid"],
)
def test_value_not_matching_its_converter_is_404(client, url):
    assert client.get(url).status_code == 404


def test_folder_like_url_redirects_to_its_trailing_slash(client):
    response = client.get("/projects")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/projects/")


def test_file_like_url_with_trailing_slash_is_404(client):
    assert client.get("/about/").status_code == 404


def test_url_for_builds_links_from_view_names(client):
    body = client.get("/links").text
    assert '<a href="/index">' not in body  # the first route of index is "/"
    assert '<a href="/">/</a>' in body
    assert '<a href="/about">' in body
    assert '<a href="/hello/Ada%20Lovelace">' in body  # special characters are quoted
    assert '<a href="/tasks/42">' in body
    assert '<a href="/projects/?page=2">' in body  # unknown values become the query string
    for url in ["/", "/about", "/hello/Ada%20Lovelace", "/tasks/42", "/projects/?page=2"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("url", ["/hello/<b onmouseover=alert(1)>hi", "/files/<img src=x onerror=alert(1)>"])
def test_user_input_is_escaped_in_html(client, url):
    body = client.get(url).text
    assert "<b " not in body and "<img" not in body
    assert "&lt;" in body
