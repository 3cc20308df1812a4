"""Pure vote counting for the Nominations Tracker: BLT ballots in, stage-by-stage results out.

No Flask, no database: `read_blt` gives an `Election`, `count` gives a `CountResult` (as does
`count_as_asked`, given the women by name), and `to_json` / `format_table` render it. Methods:
"irv" (one seat), "scottish-stv" (the Scottish Local Government Elections Order 2007) and "meek"
(Meek STV). `python -m tracker.counting FILE.blt --method …` counts a file (see cli.py).
"""

from .blt import Election, read_blt, write_blt
from .count import count, count_as_asked, women_indexes
from .errors import BltError, CountError, as_sentence
from .report import CountResult, Stage, format_table, to_dict, to_json

__all__ = [
    "BltError",
    "CountError",
    "CountResult",
    "Election",
    "Stage",
    "as_sentence",
    "count",
    "count_as_asked",
    "format_table",
    "read_blt",
    "to_dict",
    "to_json",
    "women_indexes",
    "write_blt",
]
