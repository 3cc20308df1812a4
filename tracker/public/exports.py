"""Data out of the public pages: CSV tables and Atom feeds of public changes."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from tracker.audit.models import AuditEvent

ATOM = "http://www.w3.org/2005/Atom"


def _cell(value) -> str:
    """A CSV field a spreadsheet will not run as a formula; booleans as yes/no; times in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """UTF-8 CSV with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()


def attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def atom_feed(
    *,
    title: str,
    feed_id: str,
    self_url: str,
    page_url: str,
    events: Sequence[AuditEvent],
    entry_url,
    entry_id,
    updated: datetime,
) -> str:
    """An Atom 1.0 feed (RFC 4287) of public audit events, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _rfc3339(events[0].at if events else updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page_url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Nominations Tracker"
    for event in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = event.summary or event.action
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(event)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _rfc3339(event.at)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=entry_url(event))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=event.action)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = event.summary or event.action
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")
