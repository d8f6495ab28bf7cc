"""The ceiling: the smallest Flask app, served exactly as the to-do API is.

bench/run.py starts it under the same gunicorn settings as steps 11 and 12
(``gunicorn -w 2 -k sync``). No Flask app answers faster on this machine, so
every to-do API figure in RESULTS.md is also given as a share of this one.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, world!"
