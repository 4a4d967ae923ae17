"""Scene test fixtures: the shared renderer lives in tests/conftest.py."""
