"""The workshop site: slide decks and step guides, live (`workshop serve`) or static.

- :mod:`.includes` fills code blocks from the tested files (``include=``);
- :mod:`.render` turns decks and READMEs into HTML (markdown-it-py, Pygments);
- :mod:`.site` is the Flask app; :mod:`.build` writes a static copy of it;
- :mod:`.cli` holds the ``serve`` and ``slides build`` commands.
"""
