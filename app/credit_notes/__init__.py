"""Credit notes (DESIGN §11): everything about them in one place."""
