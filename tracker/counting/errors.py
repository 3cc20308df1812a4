"""Errors raised by the counting package: a bad BLT file, or a count that cannot be run as asked."""


class BltError(ValueError):
    """A BLT file that cannot be read; `line` is the 1-based line number where the problem was found."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


class CountError(ValueError):
    """Parameters that make a count impossible (too many seats, unknown method, ...).

    `parameter` names the one at fault when it is known ("women" for a name not in the file).
    """

    def __init__(self, message: str, parameter: str = ""):
        super().__init__(message)
        self.parameter = parameter


def as_sentence(text: str) -> str:
    """A message as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."
