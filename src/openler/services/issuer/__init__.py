"""The issuing service: an organization's keys and DID, achievements, issuing one credential
or a batch from CSV, status (revoke, suspend, reinstate), and downloads."""
