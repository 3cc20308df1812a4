"""Backups: every row of every table out to one JSON file, and back into an empty database."""
