"""The workshop tool."""
