"""The colours of code on the site: a light theme readable from the back of a room, and a
high-contrast variant (key C) for washed-out projectors.

Every token colour, comments and diff lines included, has a contrast of at least 4.5:1
(WCAG AA) with the code's background; tests/slides/test_slides_theme.py computes it
from the stylesheet the site serves.
"""

from __future__ import annotations

from pygments.style import Style
from pygments.token import (
    Comment,
    Error,
    Generic,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Token,
)

#: The background of code blocks (site.css uses the same value as --code-bg).
CODE_BG = "#f6f8fa"
INK = "#1f2328"


class WorkshopStyle(Style):
    """Dark, saturated colours on a very light grey: 4.5:1 or more for every token."""

    name = "workshop"
    background_color = CODE_BG
    highlight_color = "#fff2b3"
    line_number_color = "#57606a"
    line_number_background_color = CODE_BG
    styles = {
        Token: INK,
        Text: INK,
        Comment: "italic #57606a",
        Comment.Preproc: "noitalic #953800",
        Comment.Special: "italic bold #57606a",
        Keyword: "bold #b3261e",
        Keyword.Constant: "bold #0550ae",
        Keyword.Type: "#6f2d00",
        Operator: "#b3261e",
        Operator.Word: "bold #b3261e",
        Punctuation: INK,
        Name.Builtin: "#6f3800",
        Name.Builtin.Pseudo: "#6f3800",
        Name.Function: "#5a32a3",
        Name.Function.Magic: "#5a32a3",
        Name.Class: "bold #5a32a3",
        Name.Decorator: "bold #6f3800",
        Name.Exception: "bold #8a1c13",
        Name.Namespace: "#0a3069",
        Name.Tag: "#116329",
        Name.Attribute: "#0550ae",
        Name.Variable: "#0550ae",
        Name.Entity: "#0550ae",
        Name.Constant: "#0550ae",
        Name.Label: "#0550ae",
        String: "#0a3069",
        String.Doc: "italic #0a3069",
        String.Escape: "bold #0a3069",
        String.Interpol: "bold #0550ae",
        String.Regex: "#116329",
        String.Affix: "#b3261e",
        Number: "#0550ae",
        Generic.Heading: "bold #0a3069",
        Generic.Subheading: "bold #5a32a3",
        Generic.Deleted: "#8a1c13 bg:#ffebe9",
        Generic.Inserted: "#0f5323 bg:#dafbe1",
        Generic.Error: "#8a1c13",
        Generic.Emph: "italic",
        Generic.Strong: "bold",
        Generic.Prompt: "bold #57606a",
        Generic.Output: "#3d444d",
        Generic.Traceback: "#8a1c13",
        Error: "#8a1c13 bg:#ffebe9",
    }


class HighContrastStyle(Style):
    """Black on white, colour only where it carries meaning, bold where it helps."""

    name = "workshop-high-contrast"
    background_color = "#ffffff"
    highlight_color = "#ffe066"
    styles = {
        Token: "#000000",
        Comment: "italic #3b3b3b",
        Keyword: "bold #000000",
        Keyword.Constant: "bold #002b80",
        Operator.Word: "bold #000000",
        Name.Function: "bold #000000",
        Name.Class: "bold #000000",
        Name.Decorator: "bold #4a1f00",
        Name.Tag: "bold #000000",
        String: "#002b80",
        Number: "#002b80",
        Generic.Heading: "bold #000000",
        Generic.Subheading: "bold #000000",
        Generic.Deleted: "bold #6b0000 bg:#ffe5e5",
        Generic.Inserted: "bold #003d10 bg:#e0ffe8",
        Generic.Prompt: "bold #000000",
        Generic.Output: "#000000",
        Generic.Error: "bold #6b0000",
        Error: "bold #6b0000",
    }
