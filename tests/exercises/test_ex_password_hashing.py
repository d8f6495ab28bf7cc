"""Exercise password_hashing (step 08): passwords are stored hashed and checked with the hash."""

from sqlalchemy import text

EXERCISE = "password_hashing"
PASSWORD = "correct horse"


def stored_hash(app, username):
    """The password_hash column of *username*, read straight from the database."""
    db = app.extensions["sqlalchemy"]
    with app.app_context():
        return db.session.scalar(text("SELECT password_hash FROM users WHERE username = :username"),
                                 {"username": username})


def test_password_is_not_stored_as_typed(app, accounts):
    """the database holds a hash, not the password"""
    assert accounts.register("ada", PASSWORD).status_code == 201, "registering ada should work"
    stored = stored_hash(app, "ada")
    assert PASSWORD not in stored, (
        "the password is stored as typed: anyone who reads the database can log in as Ada. "
        "Store generate_password_hash(password, method=...) instead"
    )
    method = app.config["PASSWORD_HASH_METHOD"]
    assert stored.startswith(method + "$"), (
        f"the hash should be made with the configured method {method!r} (PASSWORD_HASH_METHOD); "
        f"it starts {stored.split('$')[0]!r}"
    )


def test_same_password_gives_different_hashes(app, accounts):
    """two users with the same password get different hashes (salt)"""
    accounts.register("ada", PASSWORD)
    accounts.register("bob", PASSWORD)
    assert stored_hash(app, "ada") != stored_hash(app, "bob"), (
        "two equal passwords gave equal hashes: generate_password_hash() adds a random salt"
    )


def test_right_password_logs_in(accounts):
    """logging in with the right password gives a token"""
    accounts.register("ada", PASSWORD)
    response = accounts.login("ada", PASSWORD)
    assert response.status_code == 200, (
        f"logging in with the right password answers {response.status_code}: compare with "
        "check_password_hash(user.password_hash, password)"
    )
    assert response.json["token"], "a login should give a token"


def test_wrong_password_is_401(accounts):
    """a wrong password is refused with 401"""
    accounts.register("ada", PASSWORD)
    response = accounts.login("ada", "wrong horse")
    assert response.status_code == 401, f"a wrong password should be 401, not {response.status_code}"


def test_password_change_is_hashed_too(app, accounts, client):
    """a new password is stored hashed too"""
    headers = accounts.headers("ada")
    response = client.put("/api/v1/accounts/ada", headers=headers, json={"password": "battery staple"})
    assert response.status_code == 200, f"changing the password should answer 200, not {response.status_code}"
    assert "battery staple" not in stored_hash(app, "ada"), "the new password is stored as typed"
    assert accounts.login("ada", "battery staple").status_code == 200, "the new password should log in"
