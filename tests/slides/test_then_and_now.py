"""The "then" snippets of the "Then and now" slides do go wrong, the way the slides say."""

from __future__ import annotations

import importlib.util

from flask import Flask, Response

from workshop.loader import REPO


def then_and_now():
    spec = importlib.util.spec_from_file_location("then_and_now", REPO / "slides" / "then_and_now.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_classic_cookie_example_is_a_500_and_an_unprotected_cookie(monkeypatch):
    module = then_and_now()
    made = []

    class Recording(Response):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(module, "Response", Recording)
    app = Flask(__name__)
    app.get("/")(module.classic_cookie)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    answer = app.test_client().get("/")
    assert answer.status_code == 500  # the misspelt name
    cookie = made[0].headers["Set-Cookie"]
    assert cookie.startswith("theme=dark;")
    for missing in ("HttpOnly", "Secure", "SameSite"):
        assert missing not in cookie
    assert made[0].get_data() == b""  # a response with no body


def test_the_deck_shows_the_snippet_from_the_file():
    text = (REPO / "slides" / "07_responses.md").read_text(encoding="utf-8")
    assert "include=slides/then_and_now.py:classic_cookie" in text
    assert "resp = Response()" not in text, "the snippet is typed into the deck instead of included"

