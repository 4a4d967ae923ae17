"""empathy-vr: immersive empathy experiences for mental-health anti-stigma work."""

__version__ = "0.1.0"
