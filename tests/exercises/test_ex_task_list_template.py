"""Exercise task_list_template (step 04): inheritance, a loop, filters and autoescaping."""

import re
import sys

EXERCISE = "task_list_template"


def tasks_of(app):
    """The TASKS list of the exercise's app.py (each test loads a fresh copy)."""
    return sys.modules[app.import_name].TASKS


def test_page_extends_base(client):
    """GET /tasks is a page of the site: it extends base.html"""
    response = client.get("/tasks")
    assert response.status_code == 200, f"GET /tasks should answer 200, not {response.status_code}"
    assert "<title>Tasks · Flask workshop</title>" in response.text, (
        "the page should extend base.html and put 'Tasks' in the title block: "
        "the <title> should read 'Tasks · Flask workshop'"
    )
    assert "made with Flask" in response.text, "the footer of base.html is missing: extend base.html"


def test_counts_the_tasks(client):
    """the page says how many tasks there are"""
    text = client.get("/tasks").text
    assert "3 tasks" in text, "the page should say '3 tasks': tasks|length, then the pluralize filter"


def test_lists_every_task_title_cased(client):
    """each task is listed, its name title-cased"""
    text = client.get("/tasks").text
    for name in ("Learn Flask Routing", "Write A Template", "Build The To-Do Api"):
        assert name in text, f"the page should list {name!r} (the task's name with the title filter)"


def test_items_are_marked_done_or_todo(client):
    """each <li> has the class done or todo"""
    text = client.get("/tasks").text
    classes = re.findall(r'<li class="(\w+)"', text)
    assert sorted(classes) == ["done", "todo", "todo"], (
        f"expected one <li class=\"done\"> and two <li class=\"todo\">, found {classes}"
    )


def test_no_tasks_says_nothing_to_do(app, client):
    """an empty list says "Nothing to do!\""""
    tasks_of(app).clear()
    text = client.get("/tasks").text
    assert "Nothing to do!" in text, "with no tasks, the page should say 'Nothing to do!' ({% else %})"
    assert "<li " not in text, "with no tasks, the page should have no <li>"


def test_task_names_are_escaped(app, client):
    """a task named <script> is shown, not run"""
    tasks_of(app).append({"id": 9, "name": "<script>alert(1)</script>", "done": False, "note": None})
    text = client.get("/tasks").text
    assert "<script>" not in text.lower(), (
        "a task's name went into the page as real HTML: don't mark it |safe, autoescaping protects you"
    )
    assert "&lt;Script&gt;" in text, "the escaped task name should be on the page"
