"""Invoices (DESIGN §3-§8): everything about them in one place."""
