"""Exercise upload_limit (step 05): accept uploads without letting them fill or escape the disk."""

import os

from flask import Flask, abort, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024


@app.post("/uploads")
def upload():
    file = request.files.get("file")
    if file is None:
        abort(400, "Send a file in the field 'file'.")
    filename = secure_filename(file.filename or "")
    if not filename:
        abort(400, "That file name cannot be used.")
    os.makedirs(app.config["UPLOAD_FOLDER"], exist_ok=True)
    file.save(os.path.join(app.config["UPLOAD_FOLDER"], filename))
    return f"Saved {filename}.", 201
