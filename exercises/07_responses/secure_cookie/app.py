"""Exercise secure_cookie (step 07): a cookie with the right options."""

from flask import Flask, make_response, request

app = Flask(__name__)


@app.get("/")
def index():
    theme = request.cookies.get("theme", "light")
    return f"<body class='{theme}'>Your theme is {theme}.</body>"


@app.post("/theme/<any(light, dark):theme>")
def choose_theme(theme):
    response = make_response(f"Theme set to {theme}.")
    # TODO: keep the choice for a year (even after the browser closes); out of reach of
    # the page's JavaScript; sent only over HTTPS; and not with requests other sites start
    # (but still when the user follows a link here).
    response.set_cookie("theme", theme)
    # END TODO
    return response


@app.post("/theme/forget")
def forget_theme():
    response = make_response("Theme forgotten.")
    response.delete_cookie("theme")
    return response
