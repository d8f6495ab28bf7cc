"""Exercise upload_limit (step 05): accept uploads without letting them fill or escape the disk."""

import os

from flask import Flask, abort, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
# TODO: refuse any request body over 1 MiB (1024 * 1024 bytes), before the view runs.


@app.post("/uploads")
def upload():
    file = request.files.get("file")
    if file is None:
        abort(400, "Send a file in the field 'file'.")
    # TODO: the file name comes from the client: "../app.py" would write outside the
    # upload folder. Keep only a safe name; a name with nothing safe left is a 400.
    filename = file.filename
    # END TODO
    os.makedirs(app.config["UPLOAD_FOLDER"], exist_ok=True)
    file.save(os.path.join(app.config["UPLOAD_FOLDER"], filename))
    return f"Saved {filename}.", 201
