"""Views of the nominations feature."""
from flask import Blueprint

bp = Blueprint("nominations", __name__)
