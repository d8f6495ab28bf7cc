"""Exercise upload_limit (step 05): MAX_CONTENT_LENGTH (413) and secure_filename()."""

import io
from pathlib import Path

import pytest

EXERCISE = "upload_limit"


def upload(client, name, data=b"hello"):
    return client.post("/uploads", data={"file": (io.BytesIO(data), name)})


def test_small_upload_is_saved(app, client):
    """a small file is saved in the upload folder"""
    response = upload(client, "notes.txt")
    assert response.status_code == 201, f"uploading notes.txt answers {response.status_code}"
    assert (Path(app.config["UPLOAD_FOLDER"]) / "notes.txt").read_bytes() == b"hello"


def test_big_upload_is_413(app, client):
    """a body over 1 MiB is refused with 413, and nothing is saved"""
    response = upload(client, "big.bin", b"x" * (1024 * 1024 + 1))
    assert response.status_code == 413, (
        f"a 1 MiB + 1 byte upload answers {response.status_code}: anything over 1 MiB should be refused (413)"
    )
    assert not (Path(app.config["UPLOAD_FOLDER"]) / "big.bin").exists(), "the big file should not be saved"


# Never an absolute name here: against an unfixed starter it would be written where it says.
# "../app.py" can only reach the test's own temporary folder (the fixture's UPLOAD_FOLDER).
@pytest.mark.parametrize("name, saved", [("../app.py", "app.py"), ("my notes.txt", "my_notes.txt")])
def test_file_name_is_made_safe(app, client, name, saved):
    """a file name with a path in it is saved under a safe name, inside the upload folder"""
    folder = Path(app.config["UPLOAD_FOLDER"])
    response = upload(client, name)
    assert response.status_code == 201, f"uploading {name!r} answers {response.status_code}"
    assert not (folder.parent / "app.py").exists(), "an upload named ../app.py was written outside the upload folder"
    assert (folder / saved).is_file(), (
        f"an upload named {name!r} should be saved as {saved!r} in the upload folder; it holds "
        f"{sorted(p.name for p in folder.iterdir())}"
    )


def test_a_name_with_nothing_safe_is_400(client):
    """a file name with nothing safe in it (../..) is a 400"""
    response = upload(client, "../..")
    assert response.status_code == 400, f"uploading a file named '../..' answers {response.status_code}, not 400"
