"""This module contains the function to set up CORS for the application."""

from os import getenv

from flask import Flask
from flask_cors import CORS


def set_up_cors(app: Flask):
    """Set up CORS for the application."""
    frontend_urls = getenv("FRONTEND_URL", "").split(",")
    static_origins = [
        "https://ez-parking.expo.app",
        "https://ez-parking-gamma.vercel.app",
        "https://ez-parking.vercel.app",
        "https://fuzzy-fortnight-j7vvwpjqjwr2vq6-8081.app.github.dev"
    ]

    allowed_origins = frontend_urls + static_origins

    CORS(
        app,
        supports_credentials=True,
        origins=allowed_origins,
        allow_headers=[
            "Content-Type"])
    return app


app = Flask(__name__)
set_up_cors(app)
