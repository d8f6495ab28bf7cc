"""What a task looks like on the wire: marshmallow schemas."""

from marshmallow import Schema, fields, validate


class TaskSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    note = fields.String(allow_none=True, validate=validate.Length(max=500))
    due_date = fields.Date(allow_none=True)
    completed = fields.Boolean(load_default=False)
