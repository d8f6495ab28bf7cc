"""Settings, one class per environment; create_app() picks one by name."""


class Config:
    TASKS_LIMIT = 100


class TestingConfig(Config):
    TESTING = True
    TASKS_LIMIT = 3


class DevelopmentConfig(Config):
    """`flask run` on your own machine."""


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig}
