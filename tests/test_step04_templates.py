"""Step 04: templates, inheritance, filters, autoescaping, static files."""

import sys

STEP = "04_templates"


def test_pages_extend_the_base_template(client):
    for url, title in [("/", "Home"), ("/tasks", "Tasks"), ("/hello/ada", "Hello")]:
        body = client.get(url).text
        assert f"<title>{title} · Flask workshop</title>" in body, url
        assert '<a href="/tasks">Tasks</a>' in body, url  # from base.html


def test_task_list_uses_loops_conditions_and_filters(client):
    body = client.get("/tasks").text
    assert "<h1>My tasks</h1>" in body  # |default: the view passes no heading
    assert "<p>3 tasks</p>" in body  # |length and the custom |pluralize filter
    assert "Learn Flask Routing" in body  # |title
    assert body.count("<li ") == 3  # {% for %}
    assert '<li class="done">' in body and '<li class="todo">' in body  # {% if %}
    assert "<small>steps 08 to 11</small>" in body
    assert "{#" not in body and "never use it on user input" not in body.lower()  # comments vanish


def test_empty_task_list_says_so(app, client):
    sys.modules[app.import_name].TASKS.clear()
    body = client.get("/tasks").text
    assert "<p>0 tasks</p>" in body
    assert "Nothing to do!" in body
    assert "<ul" not in body


def test_pluralize_filter_singular_and_plural(app):
    pluralize = app.jinja_env.filters["pluralize"]
    assert pluralize(1, "task") == "1 task"
    assert pluralize(2, "task") == "2 tasks"


def test_context_processor_puts_the_year_in_every_footer(client):
    from datetime import datetime, timezone

    assert f"<footer>{datetime.now(timezone.utc).year} · made with Flask</footer>" in client.get("/").text


def test_autoescaping_turns_user_input_into_text(client):
    body = client.get("/hello/<img src=x onerror=alert(1)>").text
    assert "<img" not in body
    assert "Hello, &lt;img src=x onerror=alert(1)&gt;!" in body


def test_safe_keeps_our_own_markup(client):
    assert "<p>Welcome to the <em>Flask workshop</em>.</p>" in client.get("/").text


def test_static_file_is_served_and_linked_with_url_for(client):
    assert '<link rel="stylesheet" href="/static/style.css">' in client.get("/").text
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert b"font-family" in response.data
    assert client.get("/static/missing.css").status_code == 404
