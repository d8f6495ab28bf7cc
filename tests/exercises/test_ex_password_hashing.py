"""Exercise password_hashing (step 10): salted hashes with werkzeug.security."""

from werkzeug.security import check_password_hash

EXERCISE = "password_hashing"


def register(client, username, password="lovelace1815"):
    return client.post("/api/v1/accounts", json={"username": username, "password": password})


def login(client, username, password="lovelace1815"):
    return client.post("/api/v1/tokens", json={"username": username, "password": password})


def stored(app, username):
    return app.extensions["users"][username]


def test_the_password_is_not_stored(app, client):
    """after registering, the stored user holds no password, only its hash"""
    assert register(client, "ada").status_code == 201
    user = stored(app, "ada")
    assert "lovelace1815" not in repr(user), (
        f"the stored user is {user}: anyone who reads the users reads the password"
    )
    assert "password_hash" in user and check_password_hash(user["password_hash"], "lovelace1815"), (
        "the stored user should have a password_hash that the password matches"
    )


def test_the_hash_is_salted_and_uses_the_configured_method(app, client):
    """two users with one password get different hashes, made with PASSWORD_HASH_METHOD"""
    register(client, "ada")
    register(client, "grace")
    ada, grace = stored(app, "ada").get("password_hash"), stored(app, "grace").get("password_hash")
    assert ada and grace and ada != grace, "two users with the same password should get different hashes (a salt)"
    assert ada.startswith(app.config["PASSWORD_HASH_METHOD"]), (
        f"the hash should be made with the configured method, {app.config['PASSWORD_HASH_METHOD']}"
    )


def test_login_checks_the_password(client):
    """the right password logs in; a wrong one, or an unknown user, is a 401"""
    register(client, "ada")
    response = login(client, "ada")
    assert response.status_code == 200 and response.get_json().get("token"), (
        f"logging in with the right password should answer 200 with a token, not {response.status_code}"
    )
    assert login(client, "ada", "babbage").status_code == 401, "a wrong password should be a 401"
    assert login(client, "nobody").status_code == 401, "an unknown user should be a 401"
