"""Anything a client can send: never a 5xx, never a traceback, and a refusal changes nothing.

For every endpoint, hypothesis sends arbitrary JSON values (objects with the API's
own field names among others, lists, strings with odd characters) and arbitrary
bytes under several Content-Types, with or without a token. Every answer must be
below 500; an error must be the JSON envelope with its status and a message; and
a request that is refused (4xx) must leave every row of the database as it was.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import FUZZ_SETTINGS, operations

OPERATIONS = operations()

FIELDS = ["name", "note", "due_date", "completed", "username", "email", "password"]

# Strings that break code: a NUL (PostgreSQL refuses it in text), lone surrogates
# ("\ud800" is valid JSON, and the parser hands over a string no database can
# encode), odd dates, too long, only spaces.
NAUGHTY_STRINGS = [
    "", " ", "\t\n", "\x00", "a\x00b", "\ud800", "x\udfff", "🙂", "ﷺ", "Ω" * 201, "x" * 2001,
    "2026-05-01T09:30:00Z", "2026-05-01", "2026-13-45T99:99:99", "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00+01:00", "ada@example.com", "ADA", "login", "null", "true",
]
# Any text, lone surrogates included (hypothesis leaves them out unless asked).
any_text = st.text(st.characters(exclude_categories=()), max_size=30) | st.sampled_from(NAUGHTY_STRINGS)
# Integers around the limits of 32- and 64-bit database columns, and beyond.
EDGE_INTEGERS = [0, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**30]
json_scalars = (
    st.none() | st.booleans() | st.integers() | st.sampled_from(EDGE_INTEGERS) | st.floats()
    | any_text
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(FIELDS) | any_text, children, max_size=5),
    max_leaves=12,
)


@st.composite
def bodies(draw) -> tuple[bytes, str | None]:
    """(body, Content-Type): a JSON value as JSON, or arbitrary bytes under any type."""
    if draw(st.booleans()):
        return json.dumps(draw(json_values)).encode(), "application/json"
    content_type = draw(st.sampled_from([
        "application/json", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", None,
    ]))
    return draw(st.binary(max_size=200)), content_type


def path_for(template: str, draw, world) -> str:
    """Fill {username} and {id}: mostly ada's account and tasks, sometimes bob's or anything."""
    username = draw(st.sampled_from(["ada", "ada", "ada", "bob"])
                    | st.from_regex(r"[A-Za-z0-9_.-]{1,40}", fullmatch=True))
    task_id = draw(st.sampled_from([*world.task_ids["ada"], *world.task_ids["bob"]])
                   | st.sampled_from([n for n in EDGE_INTEGERS if n >= 0])
                   | st.integers(min_value=0))
    return template.replace("{username}", username).replace("{id}", str(task_id))


@pytest.mark.parametrize(("method", "template"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_arbitrary_input_is_refused_cleanly(world, method, template):

    @FUZZ_SETTINGS
    @given(data=st.data(), body=bodies(), who=st.sampled_from(["ada", "ada", "ada", "bob", "nobody", "forged"]))
    def check(data, body, who):
        world.reset()
        payload, content_type = body
        headers = {"Authorization": "Bearer not-a-real-token"} if who == "forged" else (
            world.headers(who) if who in world.tokens else {})
        if content_type:
            headers["Content-Type"] = content_type
        path = path_for(template, data.draw, world)

        response = world.send(method, path, data=payload, headers=headers)

        text = response.get_data(as_text=True)
        assert response.status_code < 500, text
        assert "Traceback" not in text
        if response.status_code >= 400:
            error = response.get_json()["error"]
            assert error["status"] == response.status_code
            assert isinstance(error["message"], str) and error["message"]
            assert world.unchanged(), f"{method} {path} answered {response.status_code} but changed data"

    check()


# Each text field of each write, given each naughty string and edge integer in turn:
# the rare values random generation may miss in a bounded run.
WRITES = [
    ("POST", "/api/v1/accounts", ["username", "email", "password"]),
    ("PUT", "/api/v1/accounts/ada", ["username", "email", "password"]),
    ("POST", "/api/v1/accounts/login", ["username", "password"]),
    ("POST", "/api/v1/accounts/ada/tasks", ["name", "note", "due_date", "completed"]),
    ("PUT", "/api/v1/accounts/ada/tasks/{id}", ["name", "note", "due_date", "completed"]),
]
VALID = {"username": "grace", "email": "grace@example.com", "password": "long enough",
         "name": "Buy milk", "note": None, "due_date": None, "completed": False}


@pytest.mark.parametrize(("method", "path", "fields"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_naughty_values_in_every_field_are_refused_cleanly(world, method, path, fields):
    path = path.replace("{id}", str(world.task_ids["ada"][0]))
    for field in fields:
        for value in [*NAUGHTY_STRINGS, *EDGE_INTEGERS, 1.5, [], {}]:
            world.reset()
            body = {name: VALID[name] for name in fields} | {field: value}
            response = world.send(method, path, json=body, headers=world.headers("ada"))

            described = f"{method} {path} with {field}={value!r}"
            assert response.status_code < 500, described
            if response.status_code >= 400:
                assert response.get_json()["error"]["message"], described
                assert world.unchanged(), f"{described} was refused but changed data"
