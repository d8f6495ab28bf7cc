"""The to-do API as a package: create_app() builds an app from a config class."""

from flask import Flask

from .config import Config


def create_app(config: type = Config) -> Flask:
    app = Flask(__name__)
    # TODO: load the settings of the config class, then register the API's blueprint
    # (todo/api.py), so its routes exist in this app.
    return app
