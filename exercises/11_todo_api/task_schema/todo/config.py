"""Settings, one class per environment; create_app() loads one of them."""

import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    API_TITLE = "To-do API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


class TestingConfig(Config):
    TESTING = True
