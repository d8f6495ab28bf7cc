"""What clients send and what they get back, as marshmallow schemas."""
# flask-smorest reads these twice: to check every request (a 400 that names each
# bad field) and to write the OpenAPI description at /api/v1/openapi.json.

import re
from datetime import UTC

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates, validates_schema

USERNAME = re.compile(r"[A-Za-z0-9_.-]{3,32}")
# Plausible, not proof: only sending a mail proves an address works. Addresses are
# ASCII here, so that "unique ignoring case" means the same in Python and in SQL
# (SQLite's lower() leaves "É" as it is).
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
# Paths of their own under /accounts/, so they cannot be usernames.
RESERVED_USERNAMES = {"login", "logout"}
PASSWORD_MAX_LENGTH = 1000  # hashing megabytes of "password" would be a cheap attack
PASSWORD_LENGTH = validate.Length(8, PASSWORD_MAX_LENGTH, error=f"must be 8 to {PASSWORD_MAX_LENGTH} characters")
REQUIRED = {"required": "is required"}


class Text(fields.String):
    """A string a database can store."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        # JSON allows "\u0000" and lone surrogates like "\ud800"; PostgreSQL cannot
        # store the first and UTF-8 cannot encode the second.
        if "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text):
            raise ValidationError("must not contain NUL characters or lone surrogates")
        return text


class UTCDateTime(fields.AwareDateTime):
    """ISO 8601 in, UTC out: a value without an offset is UTC; answers end in Z."""

    def __init__(self, **kwargs) -> None:
        super().__init__(default_timezone=UTC, **kwargs)
        self.error_messages["invalid"] = "must be an ISO 8601 date and time, like 2026-05-01T09:30:00Z"

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except OverflowError:  # 9999-12-31T23:00-05:00 is in year 10000 in UTC
            raise self.make_error("invalid", input=value, obj_type="datetime") from None

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class StrictBoolean(fields.Boolean):
    """JSON's true or false, nothing else ("yes" and 1 are mistakes, not booleans)."""

    default_error_messages = {"invalid": "must be true or false"}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class BaseSchema(Schema):
    # An unknown field is refused (most often it is a typo), with this message.
    error_messages = {"unknown": "is not a known field"}


# Accounts


class AccountSchema(BaseSchema):
    username = Text(required=True, error_messages=REQUIRED)
    email = Text(required=True, error_messages=REQUIRED)
    password = Text(required=True, load_only=True, error_messages=REQUIRED,
                    validate=PASSWORD_LENGTH)
    date_joined = UTCDateTime(dump_only=True)

    @validates("username")
    def username_rules(self, value: str, **kwargs) -> None:
        if not USERNAME.fullmatch(value):
            raise ValidationError("must be 3 to 32 letters, digits, '_', '.' or '-'")
        if value.lower() in RESERVED_USERNAMES:
            raise ValidationError(f"{value!r} is reserved")

    @validates("email")
    def email_address(self, value: str, **kwargs) -> None:
        if len(value) > 254 or not value.isascii() or not EMAIL.fullmatch(value):
            raise ValidationError("must be an email address in ASCII, like ada@example.com")


class AccountChangeSchema(AccountSchema):
    """A PUT: any of the fields; the current password to change the password or email."""

    current_password = Text(load_only=True)

    @validates_schema
    def current_password_given(self, data: dict, **kwargs) -> None:
        # A stolen token alone must not be enough to take the account over for good.
        if ("password" in data or "email" in data) and "current_password" not in data:
            raise ValidationError("is required to change your password or email",
                                  "current_password")


class LoginSchema(BaseSchema):
    # Whether they are right is for auth.authenticate to say, with one message for both.
    username = fields.String(required=True, error_messages=REQUIRED)
    password = Text(required=True, error_messages=REQUIRED)


class TokenSchema(BaseSchema):
    token = fields.String()
    expires_at = UTCDateTime()


# Tasks


class TaskSchema(BaseSchema):
    id = fields.Integer(dump_only=True)
    name = Text(required=True, error_messages=REQUIRED, validate=validate.Length(
        1, 200, error="must be a text of 1 to 200 characters"))
    note = Text(allow_none=True, validate=validate.Length(
        max=2000, error="must be a text of at most 2000 characters, or null"))
    creation_date = UTCDateTime(dump_only=True)
    due_date = UTCDateTime(allow_none=True)
    completed = StrictBoolean()

    @validates("name")
    def not_blank(self, value: str, **kwargs) -> None:
        if not value.strip():
            raise ValidationError("must not be blank")

    @post_load
    def strip_name(self, data: dict, **kwargs) -> dict:
        if "name" in data:
            data["name"] = data["name"].strip()
        return data


class TaskChangeSchema(TaskSchema):
    """A PUT: any of the fields (the view loads it with partial=True)."""


class PageArgsSchema(BaseSchema):
    """?page, ?per_page and ?completed of a list request."""

    page = fields.Integer(load_default=1, validate=validate.Range(1, 2**31 - 1))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    completed = fields.Boolean(load_default=None, truthy={"true"}, falsy={"false"})


class TaskPageSchema(Schema):
    tasks = fields.List(fields.Nested(TaskSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class ErrorDetailSchema(Schema):
    status = fields.Integer()
    message = fields.String()
    # One message per bad field, on validation errors only.
    bad_fields = fields.Dict(keys=fields.String(), values=fields.String(), data_key="fields")


class ErrorSchema(Schema):
    """The envelope of every error (errors.py writes it; this describes it)."""

    error = fields.Nested(ErrorDetailSchema)
