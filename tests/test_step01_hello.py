"""Step 01: one route, one string, the flask command."""

from workshop.loader import REPO

STEP = "01_hello_world"


def test_index_says_hello(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.text == "Hello, world!"
    # A string return becomes an HTML response.
    assert response.mimetype == "text/html"


def test_unknown_url_is_404(client):
    assert client.get("/nothing-here").status_code == 404


def test_debug_is_off_unless_asked(app):
    # `flask run` without --debug, and `python app.py`, must not expose the debugger.
    assert app.debug is False


def test_python_app_py_runs_the_dev_server_on_localhost():
    # `python app.py` binds 127.0.0.1:5000, never 0.0.0.0: check the code that runs.
    source = (REPO / "steps" / STEP / "app.py").read_text()
    assert 'if __name__ == "__main__":' in source
    assert "app.run()" in source
    assert "0.0.0.0" not in source
