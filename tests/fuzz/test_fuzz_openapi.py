"""The OpenAPI description of steps 11 and 12 is true, and schemathesis cannot break the API.

- The paths and methods described are exactly the routes of the app's URL map.
- For every operation, schemathesis generates requests from the description, valid
  ones and invalid ones, sent with ada's token: never a 5xx, and every answer
  (status, Content-Type, headers, JSON body) is one the description allows.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import FUZZ_SETTINGS, operations, spec

SPEC = spec()
OPERATIONS = operations()


def can_be_invalid(path: str, method: str) -> bool:
    """Whether a request can break the description: a body, or a parameter with rules.

    A path parameter that is any non-empty string (a username) has no invalid
    value to send: an empty one cannot be written in a URL path.
    """
    operation = SPEC["paths"][path][method.lower()]
    parameters = SPEC["paths"][path].get("parameters", []) + operation.get("parameters", [])
    return "requestBody" in operation or any(
        set(parameter.get("schema", {})) - {"type", "minLength"} for parameter in parameters)


CASES = [
    pytest.param(method, path, mode, id=f"{method} {path} {mode.value}")
    for method, path in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or can_be_invalid(path, method)
]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


def flask_path(rule: str) -> str:
    """/accounts/<username>/tasks/<int:id> as OpenAPI writes it: /accounts/{username}/tasks/{id}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_description_lists_every_route_and_method(world):
    routes = {
        (method, flask_path(rule.rule))
        for rule in world.app.url_map.iter_rules()
        # Every route of the API blueprint (the description's own route is flask-smorest's).
        if rule.endpoint.startswith("api.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert set(OPERATIONS) == routes


def test_both_steps_describe_the_same_api(world):
    # Step 12 is step 11 made faster: not one field, status or rule of its contract differs.
    response = world.client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == SPEC
    assert response.get_json()["openapi"].startswith("3.1")


@pytest.fixture(scope="session")
def schema(world):
    """The description as schemathesis reads it from the world's app: once per step, not per test."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", world.app)


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_operation_conforms_to_description(world, schema, method, path, mode):
    operation = schema[path][method]

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def check(case, data):
        world.reset()
        # Aim most requests at the real account and its real tasks, where the
        # code behind the checks runs; the rest keep what schemathesis generated.
        if "username" in case.path_parameters:
            case.path_parameters["username"] = data.draw(
                st.sampled_from(["ada", "ADA", "bob", case.path_parameters["username"]]))
        if "id" in case.path_parameters:
            case.path_parameters["id"] = data.draw(
                st.sampled_from([*world.task_ids["ada"], *world.task_ids["bob"],
                                 case.path_parameters["id"]]))
        case.call_and_validate(headers=world.headers("ada"), checks=CHECKS)

    check()
