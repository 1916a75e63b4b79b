"""What issuing organizations publish for verifiers: DID documents and status lists.

One lookup serves both readers: the web, which publishes these documents to anyone at their
URLs, and OpenLER's own verifier (``wallet.sources``), which reads them from the database by
the same paths instead of over HTTP. So both always agree on what exists at an address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from openler.errors import NotFoundError
from openler.services.issuer import keys, status_lists
from openler.services.issuer.identity import Site
from openler.store import repositories as repo
from openler.store.models import Organization

HOST_DID_PATH = "/.well-known/did.json"
_ORG_DID = re.compile(r"/orgs/([a-z0-9][a-z0-9-]*)/did\.json")
_STATUS = re.compile(r"/orgs/([a-z0-9][a-z0-9-]*)/status/([0-9]{1,12})")


def _org(db: Session, slug: str) -> Organization:
    org = repo.organization_by_slug(db, slug)
    if org is None:
        raise NotFoundError(f"There is no organization {slug!r}.", field="slug")
    return org


def host_did_document(db: Session, site: Site) -> dict[str, Any]:
    """The DID document of the organization that owns the host DID, if one is set."""
    if not site.host_org:
        raise NotFoundError("No organization uses this host's DID (OPENLER_DID_WEB_HOST_ORG).")
    return keys.did_document(db, site, _org(db, site.host_org))


def org_did_document(db: Session, site: Site, slug: str) -> dict[str, Any]:
    """An organization's DID document at its path form (not the host organization's)."""
    if slug == site.host_org:
        raise NotFoundError(f"{slug}'s DID document is at {HOST_DID_PATH}.", field="slug")
    return keys.did_document(db, site, _org(db, slug))


def status_list_credential(db: Session, slug: str, list_id: int) -> dict[str, Any]:
    """A signed BitstringStatusListCredential of the organization ``slug``."""
    record = status_lists.published(db, _org(db, slug), list_id)
    if record is None or record.credential is None:
        raise NotFoundError(f"There is no status list {list_id} for {slug}.", field="list_id")
    return record.credential


def document_at(db: Session, site: Site, path: str) -> Mapping[str, Any] | None:
    """The document this OpenLER serves at ``path`` (no query, no fragment), or None."""
    try:
        if path == HOST_DID_PATH:
            return host_did_document(db, site)
        if match := _ORG_DID.fullmatch(path):
            return org_did_document(db, site, match.group(1))
        if match := _STATUS.fullmatch(path):
            return status_list_credential(db, match.group(1), int(match.group(2)))
    except NotFoundError:
        return None
    return None
