"""The nearest known name to a mistyped one, for messages that suggest a correction."""
from __future__ import annotations

import difflib
from collections.abc import Collection


def folded(name: str) -> str:
    """A name with its spacing collapsed and its case folded: "  ann  ADAMS" and "Ann Adams" fold alike."""
    return " ".join(name.split()).casefold()


def nearest_name(name: str, names: Collection[str]) -> str | None:
    """The known name `name` most likely means: the same name spaced or cased otherwise, else the closest
    spelling (difflib's ratio of at least 0.6), else None."""
    by_fold = {folded(known): known for known in names}
    if folded(name) in by_fold:
        return by_fold[folded(name)]
    close = difflib.get_close_matches(folded(name), list(by_fold), n=1)
    return by_fold[close[0]] if close else None
