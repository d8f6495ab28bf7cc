"""What a task looks like on the wire: marshmallow schemas."""

from marshmallow import Schema, fields, validate


class TaskSchema(Schema):
    id = fields.Integer(dump_only=True)
    # TODO: the fields a client sends. name: required, 1 to 100 characters.
    # note: optional text of at most 500 characters, may be null. due_date: an
    # optional date (YYYY-MM-DD), may be null. completed: true or false, false if left out.
    name = fields.Raw()
    # END TODO
