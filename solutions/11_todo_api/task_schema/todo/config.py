"""Settings, one class per environment; create_app() picks one by name."""


class Config:
    API_TITLE = "To-do API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


class TestingConfig(Config):
    TESTING = True


class DevelopmentConfig(Config):
    """`flask run` on your own machine."""


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig}
