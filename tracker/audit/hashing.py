"""The hash of one audit event: SHA-256 over a canonical JSON of its fields and the hash of the event before it.

Pure (standard library and tracker.times), so that the migration which chains the events already stored computes
exactly what the app computes when it writes one.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC

from tracker.times import iso_text

#: The previous hash of the first event of a trail.
GENESIS = "0" * 64

#: The fields an event's hash covers: everything it says, its place (id) and its link (previous_hash).
HASHED_FIELDS = (
    "id", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "election_id", "contest_id",
    "summary", "public", "before", "after", "previous_hash",
)


def canonical(fields: Mapping) -> bytes:
    """The event's hashed fields as compact JSON with sorted keys, the time in UTC with its offset (UTF-8)."""
    values = {name: fields[name] for name in HASHED_FIELDS}
    values["at"] = iso_text(values["at"].astimezone(UTC))
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def event_hash(fields: Mapping) -> str:
    """The hex SHA-256 of the event's canonical form (which includes the previous event's hash)."""
    return hashlib.sha256(canonical(fields)).hexdigest()


def _item(name: str, value) -> str:
    return json.dumps(name) + ":" + json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                                               allow_nan=False)


def canonical_parts(fields: Mapping) -> tuple[str, str, str]:
    """The canonical form cut around the two values only the chain knows, the id and the previous hash:
    canonical(fields) is head + str(id) + middle + previous_hash + tail. PostgreSQL seals an event from these
    (audit_chain_append), so that the hash is computed where the previous event is read."""
    values = {name: fields[name] for name in HASHED_FIELDS}
    values["at"] = iso_text(values["at"].astimezone(UTC))
    names = sorted(values)
    first, second = names.index("id"), names.index("previous_hash")
    items = [_item(name, values[name]) for name in names]
    head = "{" + "".join(item + "," for item in items[:first]) + '"id":'
    middle = "".join("," + item for item in items[first + 1:second]) + ',"previous_hash":"'
    tail = '"' + "".join("," + item for item in items[second + 1:]) + "}"
    return head, middle, tail
