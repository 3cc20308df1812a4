"""Views of the results feature."""
from flask import Blueprint

bp = Blueprint("results", __name__)
