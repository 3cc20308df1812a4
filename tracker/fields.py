"""Form pieces shared by the features: a date and time field read and shown by tracker.times in one zone, and a
whole-number field bounded by what an INTEGER column holds."""
from __future__ import annotations

import re
from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import Field, IntegerField
from wtforms.validators import StopValidation
from wtforms.widgets import DateTimeLocalInput

from tracker import times
from tracker.types import MAX_INTEGER

#: A whole number as people type it: an optional sign, digits, and commas between thousands if they like.
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+|[+-]?[0-9]+")


class MomentField(Field):
    """A date and time typed in any form tracker.times reads; once validated, `data` is the aware moment.

    Without an offset the time is local to `timezone` (ZonedForm sets it); a time the clocks skipped, or
    one that cannot be read, is refused under the field with its sentence. What was typed is shown back."""

    widget = DateTimeLocalInput()

    def __init__(self, label=None, validators=None, separator: str = "T", date_alone: bool = False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.separator, self.date_alone = separator, date_alone
        self.timezone: str = times.DEFAULT_TIMEZONE
        self.text: str | None = None

    def process_formdata(self, valuelist):
        if valuelist:
            self.text, self.data = valuelist[0].strip(), None

    def pre_validate(self, form):
        if self.text:
            try:
                self.data = times.parse_moment(self.text, self.timezone, date_alone=self.date_alone)
            except times.BadTime as error:
                raise StopValidation(str(error)) from None

    def _value(self) -> str:
        if self.text is not None:
            return self.text
        return times.local_iso(self.data, self.timezone, self.separator) if isinstance(self.data, datetime) else ""


class ZonedForm(FlaskForm):
    """A form whose MomentFields read and show times in `timezone` (the election's; by default DEFAULT_TIMEZONE)."""

    def __init__(self, *args, timezone: str = times.DEFAULT_TIMEZONE, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self:
            if isinstance(field, MomentField):
                field.timezone = timezone


class WholeNumberField(IntegerField):
    """A whole number from `minimum` up to MAX_INTEGER, the largest an INTEGER column holds.

    Every integer a form reads goes through here. Text that is no whole number, or one out of range, is refused
    under the field with a sentence naming it, before any arithmetic is done on it: WTForms' NumberRange turns the
    number into a float, which overflows past 308 digits, and a number beyond MAX_INTEGER cannot be stored."""

    def __init__(self, label=None, validators=None, minimum: int = 0, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.minimum = minimum

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = None
        text = valuelist[0].strip()
        if not text:
            return
        name = self.label.text
        if not WHOLE_NUMBER.fullmatch(text):
            raise ValueError(f"{name} must be a whole number, such as 40.")
        digits = text.replace(",", "").lstrip("+")
        magnitude = digits.lstrip("-").lstrip("0")
        # a number longer than MAX_INTEGER is out of range on its sign's side; it is never made into an int
        value = int(digits) if len(magnitude) <= len(str(MAX_INTEGER)) else (-1 if digits[0] == "-" else 1) * (MAX_INTEGER + 1)
        if value > MAX_INTEGER:
            raise ValueError(f"{name} cannot exceed {MAX_INTEGER:,}.")
        if value < self.minimum:
            raise ValueError(f"{name} cannot be less than {self.minimum}.")
        self.data = value
