"""`python -m workshop` is the same as the `workshop` command."""

from .cli import main

main()
