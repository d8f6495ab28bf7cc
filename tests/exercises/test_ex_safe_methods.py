"""Exercise safe_methods (step 03): GET changes nothing, DELETE deletes."""

EXERCISE = "safe_methods"


def test_delete_removes_the_task(client):
    """DELETE /tasks/2 deletes task 2, and a second DELETE is a 404"""
    response = client.delete("/tasks/2")
    assert response.status_code == 200 and response.text == "Deleted task 2.", (
        f"DELETE /tasks/2 should answer 'Deleted task 2.', got {response.status_code} {response.text[:60]!r}"
    )
    assert client.get("/tasks/2").status_code == 404, "after DELETE /tasks/2, GET /tasks/2 should be a 404"
    again = client.delete("/tasks/2")
    assert again.status_code == 404, f"a second DELETE /tasks/2 should be a 404, not {again.status_code}"


def test_no_get_deletes_anything(client):
    """GET /tasks/2/delete is gone, and task 2 is still there"""
    response = client.get("/tasks/2/delete")
    assert response.status_code == 404, (
        f"GET /tasks/2/delete answers {response.status_code}: any link-follower (a prefetching browser, "
        "a crawler) can still delete tasks"
    )
    assert client.get("/tasks/2").status_code == 200, "task 2 should survive a GET of /tasks/2/delete"
    assert "2. Test the demo" in client.get("/tasks").text, "GET /tasks should still list task 2"


def test_post_is_405_naming_delete_and_get(client):
    """POST /tasks/1 is a 405 whose Allow names DELETE and GET"""
    response = client.post("/tasks/1")
    allowed = {m.strip() for m in response.headers.get("Allow", "").split(",")}
    assert response.status_code == 405 and {"DELETE", "GET"} <= allowed, (
        f"POST /tasks/1 should be a 405 whose Allow header names DELETE and GET, "
        f"got {response.status_code} with Allow {response.headers.get('Allow')!r}"
    )
