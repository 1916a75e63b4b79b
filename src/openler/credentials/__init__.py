"""Learning and Employment Records as verifiable credentials (a pure library)."""
