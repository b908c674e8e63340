"""Recurring invoices (DESIGN §13): everything about them in one place."""
