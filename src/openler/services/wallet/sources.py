"""Where the wallet's verifier finds DID documents and status lists: this OpenLER only.

A credential issued here names its issuer's did:web and its status list by this service's
public URL (``OPENLER_BASE_URL``); those documents are read from the database, exactly as the
web serves them, so a revocation is seen the moment it is made. Any other URL fails closed
(``KEY_UNRESOLVED``, ``STATUS_RETRIEVAL_ERROR``): the wallet does not use the network, so a
credential from another issuer verifies only if its key is a did:key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from openler.credentials.dids import DidResolver
from openler.credentials.verify import VerificationReport, verify
from openler.services.issuer.identity import Site
from openler.services.issuer.keys import did_document
from openler.services.issuer.status_lists import published
from openler.store import repositories as repo

_ORG_DID = re.compile(r"/orgs/([a-z0-9][a-z0-9-]*)/did\.json")
_STATUS = re.compile(r"/orgs/([a-z0-9][a-z0-9-]*)/status/([0-9]{1,12})")


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
            self._documents[url] = self._lookup(self._local_path(url))
        return self._documents[url]

    def _lookup(self, path: str | None) -> Mapping[str, Any] | None:
        if path is None:
            return None
        if path == "/.well-known/did.json" and self.site.host_org:
            org = repo.organization_by_slug(self.db, self.site.host_org)
            return did_document(self.db, self.site, org) if org else None
        if match := _ORG_DID.fullmatch(path):
            org = repo.organization_by_slug(self.db, match.group(1))
            return did_document(self.db, self.site, org) if org else None
        if match := _STATUS.fullmatch(path):
            org = repo.organization_by_slug(self.db, match.group(1))
            record = published(self.db, org, int(match.group(2))) if org else None
            return record.credential if record else None
        return None

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
