"""Flask's JSON, written by orjson: several times faster than the json module.

Flask turns every dict a view returns (and every ``jsonify``) into JSON through
``app.json``, a JSON provider. This one writes with orjson, with the same sorted
keys as Flask's own. Reading stays Flask's: the API's 400 messages for broken or
too deeply nested JSON are written for the standard library's errors.
"""

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

# UTC datetimes end in "Z", as the schemas write them (2026-12-03T09:00:00Z).
OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z


class OrjsonProvider(DefaultJSONProvider):
    def dumps(self, obj: Any, **kwargs: Any) -> str:
        # Flask asks for indent=2 in debug mode: pretty JSON for people reading it.
        options = OPTIONS | (orjson.OPT_INDENT_2 if kwargs.get("indent") else 0)
        try:
            # self.default: what orjson cannot write (Decimal, UUID…), Flask's way.
            return orjson.dumps(obj, default=self.default, option=options).decode()
        except orjson.JSONEncodeError:
            # orjson refuses what is not strict UTF-8 or JSON (a lone surrogate such as
            # "\ud800", an integer over 64 bits); the json module writes it, as before.
            return super().dumps(obj, **kwargs)
