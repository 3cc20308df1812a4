"""The world of tests/pledges/conftest.py, shared."""
from tests.pledges.conftest import app, clock, world  # noqa: F401
