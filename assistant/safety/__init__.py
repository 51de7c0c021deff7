"""Safety: recognising crisis language, shared by every channel."""
