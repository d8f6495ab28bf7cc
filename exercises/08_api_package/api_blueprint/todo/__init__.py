"""The to-do API as a package: create_app() builds an app with the settings of one config."""

from flask import Flask

from .config import CONFIGS


def create_app(config: str = "development") -> Flask:
    app = Flask(__name__)
    # TODO: load the settings of the config this app is asked for (CONFIGS maps each
    # name to its class), then register the API's blueprint (todo/api.py), so its
    # routes exist in this app.
    return app
