"""Every download: one CSV writer (UTF-8 with a byte order mark, every cell guarded against spreadsheet
formulas) and Atom feeds of public changes. The writer is the only one in tracker/: the demo's files go through it
too (tests/test_structure.py)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO
from xml.etree import ElementTree as ET

from tracker.times import iso_text, utc_text

ATOM = "http://www.w3.org/2005/Atom"


#: The media type of every CSV download.
CSV_TYPE = "text/csv"
#: What a cell may not start with, lest a spreadsheet run it as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Written first, so that spreadsheets read the file as UTF-8 (✓, accents) rather than a local code page.
BYTE_ORDER_MARK = "\ufeff"


def cell(value) -> str:
    """A CSV field a spreadsheet will not run as a formula; booleans as yes/no; times in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return iso_text(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write a header row and the rows to `out` (a text file opened with newline=""): CRLF line ends, every cell
    guarded."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A CSV file with a header row: byte order mark first, CRLF line ends, every cell guarded."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    write_csv(out, header, rows)
    return out.getvalue()


def attachment(filename: str) -> dict[str, str]:
    """The header that makes a browser save the response under `filename`."""
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """A CSV download that is not a cached public page (an organiser's, an admin's, a stored count's)."""
    from flask import Response

    return Response(csv_text(header, rows), mimetype=CSV_TYPE, headers=attachment(filename))
@dataclass(frozen=True)
class Entry:
    """One item of a feed: a public audit event, or a stage that opened or closed."""

    id: str
    title: str
    at: datetime
    url: str
    category: str


def atom_feed(*, title: str, feed_id: str, self_url: str, page_url: str, entries: Sequence[Entry],
              updated: datetime) -> str:
    """An Atom 1.0 feed (RFC 4287), newest entry first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = utc_text(entries[0].at if entries else updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page_url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Nominations Tracker"
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = item.id
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = utc_text(item.at)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=item.url)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=item.category)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.title
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


def csv_built(filename: str, header: Sequence[str], rows: Iterable[Sequence], moments: Iterable[datetime] = ()):
    """A CSV download that is a public page: built for the one conditional response (tracker.web.caching)."""
    from tracker.web.caching import Built

    return Built(csv_text(header, rows), CSV_TYPE, moments, headers=attachment(filename))
