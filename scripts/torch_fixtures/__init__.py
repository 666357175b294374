"""Modules of scripts/make_fixtures.py (golden PyTorch fixtures for the engine parity tests)."""
