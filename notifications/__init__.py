"""Who is told: message kinds written to the outbox by the use cases (sender and templates follow)."""
