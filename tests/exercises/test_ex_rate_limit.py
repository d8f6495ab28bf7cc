"""Exercise rate_limit (step 11): Flask-Limiter on login, from the config; 429 with Retry-After."""

EXERCISE = "rate_limit"


def login(client, password="wrong", address="127.0.0.1"):
    return client.post("/api/v1/tokens", json={"username": "ada", "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_login_is_limited(client):
    """the fourth login try within a minute answers 429 in the envelope, with Retry-After"""
    client.post("/api/v1/accounts", json={"username": "ada", "password": "lovelace1815"})
    statuses = [login(client).status_code for _ in range(3)]
    assert statuses == [401, 401, 401], f"the first three tries (wrong password) should be 401s, got {statuses}"
    response = login(client, "lovelace1815")
    assert response.status_code == 429, (
        f"the fourth try within a minute answers {response.status_code}: with LOGIN_RATE_LIMIT 3/minute "
        "it should be a 429, even with the right password"
    )
    assert response.get_json() == {"error": {"status": 429, "message": response.get_json()["error"]["message"]}}, (
        "the 429 should be in the error envelope"
    )
    assert response.headers.get("Retry-After", "").isdigit(), "the 429 should say when to come back (Retry-After)"


def test_the_limit_comes_from_the_config(package):
    """with LOGIN_RATE_LIMIT 5/minute, five tries pass and the sixth is refused"""
    app = package.create_app("testing")
    app.config["LOGIN_RATE_LIMIT"] = "5/minute"
    client = app.test_client()
    statuses = [login(client).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429], (
        f"with LOGIN_RATE_LIMIT 5/minute six tries should answer five 401s and a 429, got {statuses}"
    )


def test_each_address_has_its_own_count(client):
    """another client address is not refused because of the first one's tries"""
    for _ in range(4):
        login(client)
    assert login(client, address="192.0.2.7").status_code == 401, (
        "a second client address should not pay for the first one's tries"
    )
    assert login(client).status_code == 429


def test_registering_is_not_limited(client):
    """registering is not limited by the login limit"""
    for n in range(5):
        response = client.post("/api/v1/accounts", json={"username": f"user{n}", "password": "pw"})
        assert response.status_code == 201, f"registration {n + 1} answers {response.status_code}"
