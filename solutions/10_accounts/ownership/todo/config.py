"""Settings, one class per environment; create_app() loads one of them."""

import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    PASSWORD_HASH_METHOD = "scrypt"  # slow on purpose: guessing passwords from a hash is slow too


class TestingConfig(Config):
    TESTING = True
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast, for tests only
