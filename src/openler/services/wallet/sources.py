"""Where the wallet's verifier finds DID documents and status lists: this OpenLER only.

A credential issued here names its issuer's did:web and its status list by this service's
public URL (``OPENLER_BASE_URL``); those documents are read from the database by the same
lookup the web serves them with (``issuer.published``), so a revocation is seen the moment it
is made. Any other URL fails closed (``KEY_UNRESOLVED``, ``STATUS_RETRIEVAL_ERROR``): the
wallet does not use the network, so a credential from another issuer verifies only if its key
is a did:key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from openler.credentials.dids import DidResolver
from openler.credentials.verify import VerificationReport, verify
from openler.services.issuer.identity import Site
from openler.services.issuer.published import document_at


@dataclass
class LocalVerifier:
    """Verifies credentials against this OpenLER's published documents (cached per use)."""

    db: Session
    site: Site
    _documents: dict[str, Mapping[str, Any] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.resolver = DidResolver(fetcher=self._fetch_did)

    def _local_path(self, url: str) -> str | None:
        url = url.split("#", 1)[0]
        for base in {self.site.base_url.rstrip("/"), self.site.did_base_url}:
            if url.startswith(base + "/"):
                return url[len(base) :]
        return None

    def _document(self, url: str) -> Mapping[str, Any] | None:
        if url not in self._documents:
            path = self._local_path(url)
            self._documents[url] = document_at(self.db, self.site, path) if path else None
        return self._documents[url]

    def _fetch_did(self, url: str) -> Mapping[str, Any]:
        document = self._document(url)
        if document is None:
            raise ValueError(
                "not published by this OpenLER, and the wallet does not use the network"
            )
        return document

    def fetch_status(self, url: str) -> Mapping[str, Any] | None:
        return self._document(url)

    def verify(self, data: bytes | str | Mapping[str, Any], now: datetime) -> VerificationReport:
        return verify(data, resolver=self.resolver, fetch_status=self.fetch_status, now=now)
