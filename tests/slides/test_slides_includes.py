"""Include resolution: code on slides is cut from the real files, by name, never by line."""

from __future__ import annotations

import pytest

from workshop.slides.includes import IncludeError, parse_info, resolve
from workshop.slides.render import DeckError, load_deck


def test_whole_file(fake_repo):
    code = resolve("steps/01_first/app.py", fake_repo)
    assert code == (fake_repo / "steps/01_first/app.py").read_text()


def test_function_comes_with_its_decorators_and_the_comment_above(fake_repo):
    assert resolve("steps/01_first/app.py:index", fake_repo) == (
        '# The front page.\n@app.route("/")\ndef index():\n    return "Hello"\n'
    )
    code = resolve("steps/02_second/app.py:hello", fake_repo)
    assert code.startswith('@app.get("/hello/<name>")\n@app.get("/hi/<name>")\ndef hello(name):')
    assert "class Greeter" not in code


def test_class_and_assignment_and_several_names(fake_repo):
    assert resolve("steps/01_first/app.py:Greeter", fake_repo) == 'class Greeter:\n    greeting = "hi"\n'
    assert resolve("steps/01_first/app.py:app", fake_repo) == "app = Flask(__name__)\n"
    both = resolve("steps/02_second/app.py:index,hello", fake_repo)
    assert both.index("def index") < both.index("def hello")
    assert '    return "Hello, again"\n\n\n@app.get' in both


def test_settings_go_by_their_key_and_neighbours_stay_together(fake_repo):
    assert resolve("steps/01_first/app.py:app,SECRET_KEY,MAX_CONTENT_LENGTH", fake_repo) == (
        'app = Flask(__name__)\n# Signs the session cookie.\napp.config["SECRET_KEY"] = "only-in-tests"\n'
        'app.config["MAX_CONTENT_LENGTH"] = 1024\n'
    )


def test_jinja_block_by_name_keeps_nested_blocks(fake_repo):
    code = resolve("steps/02_second/templates/base.html#content", fake_repo)
    assert code.startswith("{% block content %}")
    assert code.endswith("{% endblock %}\n")
    assert "{% block list %}<ul></ul>{% endblock list %}" in code
    assert "<title>" not in code
    assert resolve("steps/02_second/templates/base.html#list", fake_repo) == (
        "{% block list %}<ul></ul>{% endblock list %}\n"
    )


def test_diff_between_two_steps(fake_repo):
    whole = resolve("01..02", fake_repo)
    assert "--- 01_first/app.py" in whole and "+++ 02_second/app.py" in whole
    assert "+++ 02_second/templates/base.html" in whole
    one_file = resolve("01..02/app.py", fake_repo)
    assert "templates/base.html" not in one_file
    assert '-    return "Hello"' in one_file and '+    return "Hello, again"' in one_file
    one_view = resolve("01..02/app.py:index", fake_repo)
    assert '+    return "Hello, again"' in one_view
    assert "hello(name)" not in one_view
    # A view new in step 02 is all additions.
    new_view = resolve("01..02/app.py:hello", fake_repo)
    assert new_view.startswith("--- 01_first/app.py\n+++ 02_second/app.py\n@@ -0,0 +1,")
    assert "+def hello(name):" in new_view and "\n-" not in new_view


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "steps/01_first/app.py:hello",
            "has no top-level function, class or assignment `hello` "
            "(it has: Greeter, MAX_CONTENT_LENGTH, SECRET_KEY, app, index)",
        ),
        ("steps/01_first/missing.py", "`steps/01_first/missing.py` does not exist"),
        ("steps/02_second/templates/base.html#footer", "has no Jinja block `footer` (it has: title, content, list)"),
        ("steps/01_first/app.py:10-20", "line numbers are not allowed"),
        ("steps/01_first/app.py#L3", "line numbers are not allowed"),
        ("README.md", "includes come from steps/, exercises/, solutions/, slides/ only"),
        ("steps/../README.md", "may not climb out"),
        ("01..02/../../README.md", "may not climb out"),
        ("01..07", "no step '07' in steps/"),
        ("01..02/nothing.py", "neither 01_first nor 02_second has `nothing.py`"),
        ("01..02/app.py:goodbye", "neither 01_first nor 02_second has a top-level `goodbye` in app.py"),
        ("02..02", "nothing changed between step 02 and 02"),
    ],
)
def test_an_include_that_does_not_resolve_says_why(fake_repo, spec, message):
    with pytest.raises(IncludeError) as error:
        resolve(spec, fake_repo)
    assert message in str(error.value)


def test_a_bad_include_names_the_deck_and_line(fake_repo):
    deck = fake_repo / "slides" / "01_first.md"
    deck.write_text(deck.read_text().replace("app.py:index\n", "app.py:indx\n", 1))
    with pytest.raises(DeckError) as error:
        load_deck(deck, repo=fake_repo)
    assert str(error.value).startswith("slides/01_first.md:12: `steps/01_first/app.py` has no top-level")


def test_info_string_keeps_the_language():
    assert parse_info("python include=steps/01_hello_world/app.py:index") == (
        "python", "steps/01_hello_world/app.py:index", ()
    )
    assert parse_info("include=01..02") == ("", "01..02", ())
    assert parse_info("console") == ("console", None, ())
    assert parse_info("python include=a.py:Task hide=to_dict,docstring") == (
        "python", "a.py:Task", ("to_dict", "docstring")
    )


MODELS = '''
class Task(Base):
    """A thing to do."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]

    # Looked up by owner.
    __table_args__ = (
        Index("ix_owner", "owner_id"),
    )

    @property
    def late(self) -> bool:
        return False

    def to_dict(
        self,
    ) -> dict:
        # Only what clients need.
        return {"id": self.id}
'''


def test_hide_shortens_members_by_name(fake_repo):
    (fake_repo / "steps" / "02_second" / "models.py").write_text(MODELS.lstrip())
    code = resolve("steps/02_second/models.py:Task", fake_repo, hide=("docstring", "__table_args__", "to_dict", "late"))
    assert code == (
        "class Task(Base):\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    name: Mapped[str]\n"
        "\n"
        "    __table_args__ = ...\n"
        "\n"
        "    @property\n"
        "    def late(self) -> bool: ...\n"
        "\n"
        "    def to_dict(\n"
        "        self,\n"
        "    ) -> dict: ...\n"
    )
    with pytest.raises(IncludeError, match="nothing called nope to hide in Task"):
        resolve("steps/02_second/models.py:Task", fake_repo, hide=("nope",))
    with pytest.raises(IncludeError, match="`hide=` works with named Python definitions"):
        resolve("steps/02_second/models.py", fake_repo, hide=("to_dict",))


@pytest.mark.parametrize(
    "spec",
    ["01..02/{victim}:SECRET", "01..02/{victim}", "01..02//{victim}"],
)
def test_an_absolute_path_is_refused_and_nothing_is_written(fake_repo, tmp_path_factory, spec):
    # A file outside the repository that a diff include would once have overwritten.
    outside = tmp_path_factory.mktemp("outside")
    victim = outside / "victim.py"
    victim.write_text('SECRET = "keep me"\n\n\ndef other():\n    pass\n')
    before = victim.read_bytes()
    with pytest.raises(IncludeError, match="absolute path|outside"):
        resolve(spec.format(victim=victim.as_posix().lstrip("/") if "//" in spec else victim.as_posix()), fake_repo)
    assert victim.read_bytes() == before
    assert [p.name for p in outside.iterdir()] == ["victim.py"]


def test_a_link_leading_out_of_the_repository_is_refused(fake_repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "app.py").write_text("SECRET = 1\n")
    (fake_repo / "steps" / "01_first" / "linked").symlink_to(outside)
    (fake_repo / "steps" / "02_second" / "linked").symlink_to(outside)
    with pytest.raises(IncludeError, match="leads outside"):
        resolve("steps/01_first/linked/app.py", fake_repo)
    with pytest.raises(IncludeError, match="leads outside"):
        resolve("01..02/linked/app.py:SECRET", fake_repo)


def test_a_one_name_diff_writes_no_file(fake_repo, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "mkdtemp", lambda *a, **k: pytest.fail("an include wrote a file"))
    assert "+    return \"Hello, again\"" in resolve("01..02/app.py:index", fake_repo)


def test_hide_comments_leaves_out_the_comment_above(fake_repo):
    assert resolve("steps/01_first/app.py:index", fake_repo, hide=("comments",)) == (
        '@app.route("/")\ndef index():\n    return "Hello"\n'
    )
    diff = resolve("01..02/app.py:index", fake_repo, hide=("comments",))
    assert "The front page" not in diff and '+    return "Hello, again"' in diff
    whole = resolve("steps/01_first/app.py", fake_repo, hide=("comments",))
    assert "# The front page." not in whole and "# Signs the session cookie." not in whole
    assert '"""Step one."""' in whole
    with pytest.raises(IncludeError, match="`hide=comments` is for Python code"):
        resolve("steps/02_second/templates/base.html", fake_repo, hide=("comments",))


def test_hide_headers_shows_only_the_changed_lines(fake_repo):
    diff = resolve("01..02/app.py", fake_repo, hide=("headers",))
    lines = diff.splitlines()
    assert not [line for line in lines if line.startswith(("---", "+++", "@@"))]
    assert '-    return "Hello"' in lines and '+    return "Hello, again"' in lines
    assert " ⋮" not in lines  # one hunk
    assert " ⋮" in resolve("01..02", fake_repo, hide=("headers",)).splitlines()  # hunks set apart
    with pytest.raises(IncludeError, match="`hide=headers` is for diffs"):
        resolve("steps/01_first/app.py:index", fake_repo, hide=("headers",))


def test_the_main_block_goes_by_main(fake_repo):
    app = fake_repo / "steps" / "01_first" / "app.py"
    app.write_text(app.read_text() + '\n\nif __name__ == "__main__":\n    app.run()\n')
    assert resolve("steps/01_first/app.py:__main__", fake_repo) == 'if __name__ == "__main__":\n    app.run()\n'


def test_hide_folds_an_html_element(fake_repo):
    code = resolve("steps/02_second/templates/base.html", fake_repo, hide=("title",))
    assert "<title>…</title>" in code and "{% block title %}" not in code
    with pytest.raises(IncludeError, match="has no <aside> element"):
        resolve("steps/02_second/templates/base.html", fake_repo, hide=("aside",))


def test_hide_guards_and_comments_at_line_ends(fake_repo):
    (fake_repo / "steps" / "02_second" / "factory.py").write_text(
        "def make(name):\n"
        '    """Docs."""\n'
        "    if not name:\n"
        '        raise ValueError("no name")\n'
        '    app = {"name": name, "hash": "#not-a-comment"}  # the app\n'
        "    return app  # noqa: RET504\n"
    )
    code = resolve("steps/02_second/factory.py:make", fake_repo, hide=("docstring", "guards", "comments"))
    assert code == 'def make(name):\n    app = {"name": name, "hash": "#not-a-comment"}\n    return app\n'
    # A linter's noqa never shows, even with the comments kept.
    assert "noqa" not in resolve("steps/02_second/factory.py:make", fake_repo)
