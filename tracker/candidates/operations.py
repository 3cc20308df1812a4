"""People and candidacies: naming, declaring, withdrawing."""
from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """A URL-safe, lower-case, ASCII slug of a name: 'Siân O'Neill' -> 'sian-oneill'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "person"
