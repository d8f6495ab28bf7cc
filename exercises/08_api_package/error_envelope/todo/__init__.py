"""The to-do API as a package: create_app() builds an app with the settings of one config."""

from flask import Flask

from .config import CONFIGS


def create_app(config: str = "development") -> Flask:
    app = Flask(__name__)
    app.config.from_object(CONFIGS[config])

    from . import api, errors

    app.register_blueprint(api.bp)
    errors.register_error_handlers(app)
    return app
