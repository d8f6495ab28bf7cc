"""Exercise task_list_template (step 04): inheritance, a loop, filters, autoescaping."""

import sys

EXERCISE = "task_list_template"


def test_page_extends_base(client):
    """the page has the site's header and the title "Tasks · To-do\""""
    page = client.get("/tasks").text
    assert "<h1>To-do</h1>" in page, (
        "GET /tasks lacks the site's <h1>To-do</h1> header: the page is not built on base.html"
    )
    assert "<title>Tasks · To-do</title>" in page, "the page's <title> should be 'Tasks · To-do'"


def test_one_item_per_task_in_title_case(client):
    """one <li> per task, in title case, with class done or todo"""
    page = client.get("/tasks").text
    assert page.count("<li") == 3, f"the page should have one <li> per task (3), it has {page.count('<li')}"
    assert '<li class="done">Write The Slides</li>' in page, (
        "the finished task should read <li class=\"done\">Write The Slides</li>"
    )
    assert '<li class="todo">Test The Demo</li>' in page, (
        "an open task should read <li class=\"todo\">Test The Demo</li>"
    )


def test_count_is_said_in_words(client):
    """the page says "3 tasks", and "No tasks yet." for an empty list"""
    assert "3 tasks" in client.get("/tasks").text, "GET /tasks should say '3 tasks' above the list"
    empty = client.get("/tasks/none").text
    assert "No tasks yet." in empty and "<ul" not in empty, (
        "GET /tasks/none should say 'No tasks yet.' and show no list"
    )


def test_one_task_is_singular(app):
    """one task reads "1 task", not "1 tasks\""""
    sys.modules[app.import_name].TASKS[:] = [{"name": "only one", "done": False}]
    page = app.test_client().get("/tasks").text
    assert "1 task" in page and "1 tasks" not in page, "with one task the page should say '1 task'"


def test_a_script_in_a_name_is_shown_as_text(client):
    """a task called <script> is shown as text"""
    page = client.get("/tasks").text
    assert "<script>" not in page.lower(), "a task's name reached the page as HTML: its <script> would run"
