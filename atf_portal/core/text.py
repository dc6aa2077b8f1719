"""Plain text helpers shared by every app."""


def lines(text):
    """The non-blank lines of a text field that holds one item per line, each stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
