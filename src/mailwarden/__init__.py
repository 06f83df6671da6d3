"""mailwarden: manage Exchange Online by asking in plain language, safely."""

__version__ = "0.1.0"
