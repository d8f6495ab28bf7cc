"""Exercise first_app (step 01): a view for "/", and `python app.py` started safely."""

import runpy

import flask

EXERCISE = "first_app"


def test_index_says_hello_workshop(client):
    """GET / answers "Hello, workshop!\""""
    response = client.get("/")
    assert response.status_code != 404, "GET / is a 404: there is no view for the URL \"/\" yet"
    assert response.status_code == 200, f"GET / should answer 200 OK, not {response.status_code}"
    assert response.text == "Hello, workshop!", (
        f"GET / should return exactly 'Hello, workshop!', not {response.text[:80]!r}"
    )
    assert response.mimetype == "text/html", "a view returning a string sends HTML (text/html)"


def test_python_app_py_starts_the_server_safely(exercise_dir, monkeypatch):
    """`python app.py` starts the server on 127.0.0.1, a port above 1024, debug off"""
    calls = []
    # Run app.py as `python app.py` would, but record app.run()'s arguments instead of serving.
    monkeypatch.setattr(flask.Flask, "run", lambda self, *args, **kwargs: calls.append((args, kwargs)))
    runpy.run_path(str(exercise_dir / "app.py"), run_name="__main__")
    assert calls, "`python app.py` should call app.run() under `if __name__ == \"__main__\":`"
    args, kwargs = calls[0]
    host = kwargs.get("host", args[0] if args else None)
    port = kwargs.get("port", args[1] if len(args) > 1 else None)
    debug = kwargs.get("debug", args[2] if len(args) > 2 else None)
    assert host in (None, "127.0.0.1", "localhost"), (
        f"`python app.py` listens on {host!r}, so other machines on the network reach the development "
        "server and its debugger: it should listen on this machine only (127.0.0.1)"
    )
    assert port is None or int(port) > 1024, (
        f"`python app.py` listens on port {port!r}: ports up to 1024 need administrator rights, "
        "so it should use one above 1024 (Flask's default is 5000)"
    )
    assert not debug, (
        "`python app.py` starts in debug mode every time: the debugger runs any code typed into the "
        "browser, so debug should be off unless asked for on the command line (--debug)"
    )
