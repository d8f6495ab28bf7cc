"""Exercise upload_limit (step 05): secure_filename() and MAX_CONTENT_LENGTH."""

import io
from pathlib import Path

EXERCISE = "upload_limit"


def upload(client, name, content=b"hello"):
    return client.post("/upload", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_upload_is_saved(app, client):
    """an uploaded file is saved in the upload folder"""
    response = upload(client, "notes.txt")
    assert response.status_code == 200, f"uploading notes.txt should answer 200, not {response.status_code}"
    saved = Path(app.config["UPLOAD_FOLDER"], "notes.txt")
    assert saved.read_bytes() == b"hello", "notes.txt should be saved in the upload folder"


def test_filename_cannot_climb_out_of_the_folder(app, client, tmp_path):
    """a filename like ../evil.txt stays inside the upload folder"""
    response = upload(client, "../evil.txt")
    assert not (tmp_path / "evil.txt").exists(), (
        "uploading '../evil.txt' wrote a file OUTSIDE the upload folder: pass the name "
        "through secure_filename() before using it"
    )
    assert response.status_code == 200, f"the upload should still work, not answer {response.status_code}"
    assert Path(app.config["UPLOAD_FOLDER"], "evil.txt").is_file(), (
        "secure_filename('../evil.txt') is 'evil.txt': the file should be saved under that name"
    )


def test_big_upload_is_413(app, client):
    """an upload over 1 MiB is refused with 413"""
    response = upload(client, "big.bin", b"x" * (1024 * 1024 + 1))
    assert response.status_code == 413, (
        f"a 1 MiB + 1 byte upload answers {response.status_code}; set "
        "app.config['MAX_CONTENT_LENGTH'] to 1024 * 1024 and Flask answers 413 by itself"
    )
    assert not Path(app.config["UPLOAD_FOLDER"], "big.bin").exists(), "a refused upload must not be saved"


def test_limit_is_one_mib(app):
    """MAX_CONTENT_LENGTH is 1 MiB"""
    assert app.config.get("MAX_CONTENT_LENGTH") == 1024 * 1024, (
        f"MAX_CONTENT_LENGTH should be 1024 * 1024, not {app.config.get('MAX_CONTENT_LENGTH')!r}"
    )
