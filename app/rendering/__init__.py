"""Documents an invoice reaches its client with: PDF, email."""
