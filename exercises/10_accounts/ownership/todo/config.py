"""Settings, one class per environment; create_app() picks one by name."""


class Config:
    PASSWORD_HASH_METHOD = "scrypt"  # slow on purpose: guessing passwords from a hash is slow too


class TestingConfig(Config):
    TESTING = True
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast, for tests only


class DevelopmentConfig(Config):
    """`flask run` on your own machine."""


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig}
