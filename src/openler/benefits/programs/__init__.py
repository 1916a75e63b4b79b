"""Public benefit programs, one module each, citing the statute or regulation they follow."""
