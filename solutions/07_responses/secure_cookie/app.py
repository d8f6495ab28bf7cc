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
    response.set_cookie(
        "theme", theme, max_age=60 * 60 * 24 * 365, httponly=True, secure=True, samesite="Lax"
    )
    return response


@app.post("/theme/forget")
def forget_theme():
    response = make_response("Theme forgotten.")
    response.delete_cookie("theme")
    return response
