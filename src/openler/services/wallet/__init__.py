"""The worker's wallet: their credentials, verified on every look, and what they share."""
