"""tracker.times: the one reader of dates and times and the formatters every page, file and sentence uses (pure)."""
from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tracker import times
from tracker.times import BadTime, SkippedTime, parse_moment

LONDON = times.DEFAULT_TIMEZONE
#: 17:00 on 14 February 2026 in London (GMT, so also 17:00 UTC).
FEB_14 = datetime(2026, 2, 14, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", [
    "2026-02-14T17:00:00",
    "2026-02-14T17:00",
    "2026-02-14 17:00",
    "2026-02-14 17:00:00",
    "  2026-02-14 17:00  ",
    "2026-02-14T17:00:00.000",
    "2026-02-14T17:00+00:00",
    "2026-02-14T17:00:00Z",
    "2026-02-14T18:00:00+01:00",
    "2026-02-14T18:00:00 01:00",  # a query string's "+" read as a space
    "14/02/2026 17:00",
    "14/02/2026 17:00:00",
    "14/2/2026 17:00",
])
def test_every_accepted_format_reads_the_same_moment(text):
    assert parse_moment(text, LONDON) == FEB_14


def test_day_first_takes_single_digits_and_seconds():
    assert parse_moment("4/3/2026 9:05", LONDON) == datetime(2026, 3, 4, 9, 5, tzinfo=UTC)
    assert parse_moment("04/03/2026 09:05:30", LONDON) == datetime(2026, 3, 4, 9, 5, 30, tzinfo=UTC)


def test_without_an_offset_the_time_is_local_to_the_zone_given():
    summer = parse_moment("2026-07-01 17:00", LONDON)
    assert summer == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    assert parse_moment("2026-07-01 17:00", "America/New_York") == datetime(2026, 7, 1, 21, 0, tzinfo=UTC)


def test_an_offset_wins_over_the_zone():
    moment = parse_moment("2026-07-01T17:00:00+05:30", LONDON)
    assert moment.utcoffset() == timedelta(hours=5, minutes=30)
    assert moment == datetime(2026, 7, 1, 11, 30, tzinfo=UTC)


def test_a_datetime_object_is_checked_like_text():
    assert parse_moment(datetime(2026, 2, 14, 17, 0), LONDON) == FEB_14
    with pytest.raises(SkippedTime):
        parse_moment(datetime(2026, 3, 29, 1, 30), LONDON)


def test_a_date_alone_only_where_the_caller_allows_it():
    assert parse_moment("2026-02-14", LONDON, date_alone=True) == datetime(2026, 2, 14, 0, 0, tzinfo=UTC)
    assert parse_moment("14/02/2026", LONDON, date_alone=True) == datetime(2026, 2, 14, 0, 0, tzinfo=UTC)
    for text in ("2026-02-14", "14/02/2026"):
        with pytest.raises(BadTime, match="has no time of day: write it as 2026-02-14 17:00 or 14/02/2026 17:00"):
            parse_moment(text, LONDON)


@pytest.mark.parametrize("text", ["20260214T1700", "2026-W07-6T17:00", "2026-02-14T17"])
def test_what_iso_8601_readers_took_before_is_still_taken(text):
    assert parse_moment(text, LONDON) == FEB_14


def test_a_time_the_clocks_skipped_is_refused_with_a_sentence():
    with pytest.raises(SkippedTime) as refused:
        parse_moment("2026-03-29 01:30", LONDON)
    assert str(refused.value) == ("01:30 on 29 March 2026 did not happen in Europe/London: the clocks went forward over "
                                  "it; give the time as the clocks showed it")
    with pytest.raises(SkippedTime):
        parse_moment("29/03/2026 01:00", LONDON)
    assert isinstance(refused.value, BadTime) and isinstance(refused.value, ValueError)


def test_the_edges_of_the_gap_are_real_times():
    assert parse_moment("2026-03-29 00:59", LONDON) == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert parse_moment("2026-03-29 02:00", LONDON) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_a_skipped_time_with_an_offset_is_a_real_moment():
    assert parse_moment("2026-03-29T01:30:00+00:00", LONDON) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_time_the_clocks_repeated_is_its_first_occurrence():
    # (compared in UTC: an aware time in a repeated hour never equals one of another zone, by PEP 495)
    assert parse_moment("2026-10-25 01:30", LONDON).astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # BST
    assert parse_moment("25/10/2026 01:30", LONDON).astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["yesterday", "8 Jan 2026", "2026-13-01 10:00", "31/02/2026 10:00", "2/14/2026 10:00",
                                  "", "2026-02-14 25:00", "14.02.2026 17:00", "\x00"])
def test_an_unreadable_value_is_one_sentence_naming_what_is_accepted(text):
    with pytest.raises(BadTime) as refused:
        parse_moment(text, LONDON)
    assert str(refused.value) == f"{text.strip()!r} is not a date and time: write it as 2026-02-14 17:00 or 14/02/2026 17:00"


@pytest.mark.parametrize("text", ["1800-06-01 10:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00",
                                  "9999-01-01 00:00", "01/01/1899 10:00",
                                  "1900-01-01T00:30:00+01:00"])
def test_years_outside_1900_to_9998_are_refused(text):
    with pytest.raises(BadTime, match="is not between the years 1900 and 9998"):
        parse_moment(text, LONDON, date_alone=True)


def test_years_inside_the_range_are_read():
    assert parse_moment("1900-01-01T00:00:00Z", LONDON).year == 1900
    assert parse_moment("9998-12-31T23:59:59Z", LONDON).year == 9998
    with pytest.raises(BadTime, match="1900 and 9998"):
        parse_moment("0001-01-01", LONDON, date_alone=True)


# --- TOML ------------------------------------------------------------------------------------------------


def test_toml_times_without_seconds_are_given_them_outside_strings_and_comments():
    text = '''opens = 2026-01-07T09:00
closes = 2026-01-07 17:30+01:00
result = 2026-01-07T09:00:00
title = "2026-01-07T09:00 stays as written"
note = 'also 2026-01-07T09:00'
long = """and
2026-01-07T09:00 here"""
# 2026-01-07T09:00 in a comment
'''
    data = tomllib.loads(times.toml_with_seconds(text))
    assert data["opens"] == datetime(2026, 1, 7, 9, 0)
    assert data["closes"] == datetime(2026, 1, 7, 17, 30, tzinfo=timezone(timedelta(hours=1)))
    assert data["result"] == datetime(2026, 1, 7, 9, 0)
    assert data["title"] == "2026-01-07T09:00 stays as written"
    assert data["note"] == "also 2026-01-07T09:00"
    assert data["long"] == "and\n2026-01-07T09:00 here"
    assert times.toml_with_seconds(text).count("\n") == text.count("\n")  # lines keep their numbers


def test_toml_strings_with_escaped_quotes_are_skipped_whole():
    text = 'a = "say \\"2026-01-07T09:00\\" here"\nb = 2026-01-07T09:00\n'
    data = tomllib.loads(times.toml_with_seconds(text))
    assert data == {"a": 'say "2026-01-07T09:00" here', "b": datetime(2026, 1, 7, 9, 0)}


# --- formatting ------------------------------------------------------------------------------------------

SUMMER = datetime(2026, 9, 3, 16, 5, tzinfo=UTC)  # 17:05 BST


def test_the_sentences_formats():
    assert times.moment_text(FEB_14, LONDON) == "17:00 on 14 February 2026"
    assert times.moment_text(SUMMER, LONDON) == "17:05 on 3 September 2026"
    assert times.day_text(SUMMER, LONDON) == "3 September 2026"
    assert times.day_text(datetime(2026, 9, 3, 23, 30, tzinfo=UTC), LONDON) == "4 September 2026"


def test_the_pages_filters():
    assert times.local_time(SUMMER) == "17:05 on 3 September 2026"
    assert times.local_time(SUMMER, LONDON, with_year=False) == "17:05 on 3 September"
    assert times.local_time(None) == times.local_date(None) == times.short_date(None) == ""
    assert times.local_date(SUMMER, "Pacific/Auckland") == "4 September 2026"
    assert times.short_date(datetime(2026, 1, 8, 12, tzinfo=UTC)) == "8 Jan 2026"
    assert times.short_day(datetime(2026, 1, 8, 12, tzinfo=UTC), LONDON) == "8 Jan 2026"


def test_short_moments_and_countdowns():
    now = datetime(2026, 2, 12, 14, 0, tzinfo=UTC)
    assert times.short_moment(FEB_14, LONDON, now) == "17:00 on 14 February"
    assert times.short_moment(FEB_14, LONDON, now - timedelta(days=365)) == "17:00 on 14 February 2026"
    assert times.countdown("closes", FEB_14, now, LONDON) == "closes in 2 days 3 hours, at 17:00 on 14 February"
    assert times.countdown("closes", FEB_14, FEB_14 + timedelta(minutes=1), LONDON) == "closed at 17:00 on 14 February"
    assert times.countdown("is declared", FEB_14, FEB_14, LONDON) == "was declared at 17:00 on 14 February"
    assert times.countdown("opens", None, now, LONDON) == ""
    assert times.duration_text(61 * 60) == "1 hour 1 minute"
    assert times.duration_text(45 * 60 + 59) == "45 minutes"
    assert times.duration_text(30) == "less than a minute"


def test_machine_formats():
    assert times.iso_text(FEB_14) == "2026-02-14T17:00:00+00:00"
    assert times.iso_text(None) is None
    assert times.utc_text(SUMMER.astimezone(times.zone(LONDON))) == "2026-09-03T16:05:00Z"
    assert times.local_iso(SUMMER, LONDON) == "2026-09-03T17:05"
    assert times.local_iso(SUMMER, LONDON, " ") == "2026-09-03 17:05"
    assert times.to_local(SUMMER, LONDON) == datetime(2026, 9, 3, 17, 5)


def test_what_is_written_reads_back():
    assert parse_moment(times.local_iso(SUMMER, LONDON), LONDON) == SUMMER
    assert parse_moment(times.local_iso(SUMMER, LONDON, " "), LONDON) == SUMMER
    assert parse_moment(times.iso_text(SUMMER), "Asia/Tokyo") == SUMMER


def test_zones_by_name():
    assert times.zone(LONDON).key == "Europe/London"
    assert times.find_zone("Europe/Paris").key == "Europe/Paris"
    assert times.find_zone("Mars/Olympus") is None
    assert times.find_zone("../etc") is None
