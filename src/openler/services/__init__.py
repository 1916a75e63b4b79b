"""Use cases. Each public function is one step of one transaction: the caller (web, cli)
opens the transaction with ``openler.store.db.transaction`` and the function records its own
audit entries in it, so that the change and its audit entry land together or not at all."""
