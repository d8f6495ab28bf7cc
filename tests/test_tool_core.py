"""The workshop tool's core: the loader, the docs runner, `workshop diff`, `run`, `--help`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner

from workshop.cli import main
from workshop.docs import DocError, console_commands, run_commands
from workshop.loader import REPO, StepNotFound, find_step, flask_app_arg, load_app, step_dirs
from workshop.ports import free_port
from workshop.serving import serve

from .servers import sigint_as_from_a_terminal

# --- loader -----------------------------------------------------------------


@pytest.mark.parametrize("key", [3, "3", "03", "03_methods", "steps/03_methods/"])
def test_find_step_accepts_numbers_and_names(key):
    assert find_step(key) == REPO / "steps" / "03_methods"


def test_unknown_step_lists_the_known_ones():
    with pytest.raises(StepNotFound) as caught:
        find_step("42")
    assert "no step '42' in steps/" in str(caught.value)
    assert "01_hello_world" in str(caught.value)


def test_apps_of_several_steps_live_side_by_side():
    # `import app` would hand the second step the first one's cached module.
    first, third = load_app(find_step("01")), load_app(find_step("03"))
    assert first.import_name != third.import_name
    assert first.test_client().get("/tasks").status_code == 404
    assert third.test_client().get("/tasks").status_code == 200


def test_each_load_is_a_fresh_module():
    one, two = load_app(find_step("05")), load_app(find_step("05"))
    one.test_client().post("/tasks", data={"name": "only in one"})
    assert "Only In One" not in two.test_client().get("/tasks").text


def test_flask_app_arg_is_what_the_readmes_write():
    assert flask_app_arg(find_step("01")) == "steps/01_hello_world/app"


def test_every_step_folder_is_numbered_and_documented():
    names = [path.name for path in step_dirs()]
    assert names[:7] == [
        "01_hello_world", "02_routes", "03_methods", "04_templates",
        "05_request", "06_json", "07_responses",
    ]
    for path in step_dirs():
        assert (path / "README.md").is_file(), path.name


# --- executable docs -----------------------------------------------------------


def test_console_blocks_are_parsed_with_their_status():
    text = "\n".join([
        "```sh", "flask run", "```",
        "```console", "$ http :5000/", "HTTP/1.1 200 OK", "",
        "$ TOKEN=$(http --print=b :5000/token)", "$ http :5000/x \"Authorization:Bearer $TOKEN\"",
        "HTTP/1.1 401 UNAUTHORIZED", "```",
    ])
    commands = console_commands(text, "doc.md")
    assert [(c.text, c.expected_status) for c in commands] == [
        ("http :5000/", 200),
        ("TOKEN=$(http --print=b :5000/token)", None),
        ('http :5000/x "Authorization:Bearer $TOKEN"', 401),
    ]
    assert commands[0].source == "doc.md:5"
    assert commands[1].assigns == "TOKEN"


@pytest.mark.parametrize(
    "block, message",
    [
        (["$ http :5000/", "```"], "has no status line"),
        (["$ http :5000/", "$ http :5000/x", "HTTP/1.1 200 OK", "```"], "has no status line"),
        (["$ flask --app app run", "```"], "put `flask --app app run` in an `sh` block"),
    ],
)
def test_console_block_that_cannot_run_is_an_error(block, message):
    with pytest.raises(DocError, match=message):
        console_commands("\n".join(["```console", *block]), "doc.md")


#: A transcript for the runner's two tests below, run once for both (module fixture): its first
#: command through the real `http`; the assignment's `http` in-process, piped into python run by
#: bash; the plain commands after them in-process; the fifth says 404 where the app answers 200,
#: so the sixth never runs.
TRANSCRIPT = "\n".join([
    "```console",
    "$ http :5000/api/tasks/1",
    "HTTP/1.1 200 OK",
    "$ NAME=$(http --print=b :5000/api/tasks/2 "
    "| python -c \"import json,sys; print(json.load(sys.stdin)['name'])\")",
    "$ http POST :5000/api/tasks name=\"copy of $NAME\" 'note=$NAME stays'",
    "HTTP/1.1 200 OK",
    "$ http :5000/api/tasks/99",
    "HTTP/1.1 404 NOT FOUND",
    "$ http :5000/api/tasks/4",
    "HTTP/1.1 404 NOT FOUND",
    "$ http :5000/api/tasks/1",
    "HTTP/1.1 200 OK",
    "```",
])


@pytest.fixture(scope="module")
def transcript_run():
    """(the app, the outcomes, the arguments of each command run in-process) of TRANSCRIPT on step 06."""
    import workshop.docs as docs

    in_process = []
    real = docs._httpie_in_process
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docs, "_httpie_in_process",
                      lambda args, config_dir: in_process.append(args) or real(args, config_dir))
        app = load_app(find_step("06"))
        with serve(app) as base_url:
            outcomes = run_commands(console_commands(TRANSCRIPT, "doc.md"), base_url)
    return app, outcomes, in_process


def test_commands_run_against_the_server_and_report_mismatches(transcript_run):
    app, outcomes, _ = transcript_run
    assert [o.ok for o in outcomes] == [True, True, True, True, False]  # stops at the first mismatch
    assert "doc.md:9: `http :5000/api/tasks/4` answered 200, the doc says 404" in outcomes[4].describe()
    task = app.test_client().get("/api/tasks/4").get_json()  # the POST, with the value kept by the assignment
    assert (task["name"], task["note"]) == ("copy of write a template", "$NAME stays")


def test_only_plain_commands_after_the_first_run_in_process(transcript_run):
    """The first command runs the real `http` program; the ones after it run httpie
    in-process, with the words bash would make, the assignment's too (its pipe's right-hand
    side, python, still runs in bash, and what it printed is the value kept)."""
    _, outcomes, in_process = transcript_run
    assert [o.status for o in outcomes] == [200, 0, 200, 404, 200]
    assert len(in_process) == 4  # not the first command
    assert in_process[0][-2] == "--print=b" and in_process[0][-1].endswith("/api/tasks/2")
    assert "--print=h" not in in_process[0]  # the body alone goes down the pipe, as the README asks
    assert in_process[1][-2:] == ["name=copy of write a template", "note=$NAME stays"]
    assert in_process[2][-1].endswith("/api/tasks/99")
    assert in_process[3][-1].endswith("/api/tasks/4")


# --- the command line ----------------------------------------------------------


def test_help_explains_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    names = main.list_commands(None)
    assert {"run", "diff", "steps", "serve", "slides", "check", "watch", "grade"} <= set(names)
    for name in names:
        command = main.get_command(None, name)  # the lazily imported ones load too
        assert command is not None and command.name == name
        assert f"\n  {name} " in result.output
        assert command.help, f"`workshop {name}` has no help text"


def test_diff_shows_only_what_the_step_adds():
    result = CliRunner().invoke(main, ["diff", "03", "04"])
    assert result.exit_code == 0
    out = result.output
    assert "--- 03_methods/app.py\n+++ 04_templates/app.py" in out
    assert "+++ 04_templates/templates/base.html" in out  # a new file
    assert '+    return render_template("tasks.html", tasks=TASKS)' in out
    assert '-    return "All the tasks."' in out
    assert "README.md" not in out  # the prose is not part of the code diff
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_diff_colours_on_request():
    out = CliRunner().invoke(main, ["diff", "01", "02", "--color"]).output
    assert "\x1b[32m+from markupsafe import escape" in out


def test_diff_of_a_step_with_itself_says_so():
    assert CliRunner().invoke(main, ["diff", "02", "02"]).output == "The two steps are the same.\n"


def test_unknown_step_is_a_usage_error_not_a_traceback():
    result = CliRunner().invoke(main, ["diff", "03", "99"])
    assert result.exit_code == 2
    assert "no step '99' in steps/" in result.output
    assert "Traceback" not in result.output


def test_run_starts_the_step_on_the_dev_server():
    port = free_port()
    # Its own process group: `flask run --debug` starts a reloader child, stopped with it.
    process = subprocess.Popen(
        [sys.executable, "-m", "workshop", "run", "03", "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        preexec_fn=sigint_as_from_a_terminal,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/tasks", timeout=2) as response:
                    assert response.read() == b"All the tasks."
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "workshop run 03 did not answer in 30 s"
                time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            output, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the test fails, and leaves no server behind
            process.communicate()
            raise
    assert "flask --app steps/03_methods/app run --debug" in output
    assert "Debug mode: on" in output
