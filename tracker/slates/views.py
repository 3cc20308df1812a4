"""Views of the slates feature."""
from flask import Blueprint

bp = Blueprint("slates", __name__)
