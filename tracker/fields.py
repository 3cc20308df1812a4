"""Form pieces shared by the features: a date and time field read and shown by tracker.times in one zone."""
from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import StopValidation
from wtforms.widgets import DateTimeLocalInput

from tracker import times


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
