"""The "then" side of the "Then and now" slides: code as older Flask tutorials wrote it,
mistakes kept on purpose.

Decks include these snippets by name (``include=slides/then_and_now.py:classic_cookie``),
so the slide shows exactly the code that tests/slides/test_then_and_now.py runs under
today's Flask to show what goes wrong. Never import this module into an app.
"""

from flask import Response


def classic_cookie():
    resp = Response()  # a response with no body
    resp.set_cookie("theme", "dark")  # no httponly, no secure, no samesite
    # misspelt: a NameError, so a 500
    return response  # noqa: F821
