"""Compassion: an offline voice-and-text companion for giving and receiving compassion."""

__version__ = "0.1.0"
