"""The world of tests/pledges/conftest.py, with the app sending its mail to a real local SMTP server."""
import pytest

from tests.pledges.conftest import clock, world  # noqa: F401


@pytest.fixture
def app(app_factory, smtp_server):
    app = app_factory(MAIL_URL=smtp_server.url, MIN_FORM_SECONDS=0, BASE_URL="http://tracker.test")
    with app.app_context():
        yield app
