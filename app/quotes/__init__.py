"""Quotes (DESIGN §12): everything about them in one place."""
