"""What issuing organizations publish for verifiers: DID documents and status lists.

Public (no login), JSON, cacheable for a few minutes: a verifier anywhere must be able to
fetch them. A status list is re-signed whenever a bit flips, so caches stay short.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from openler.errors import NotFoundError
from openler.services.issuer import keys, status_lists
from openler.services.issuer.identity import Site
from openler.store import repositories as repo
from openler.store.models import Organization
from openler.web.deps import DB, AppSettings, Caller, public

router = APIRouter()
Public = Annotated[Caller, Depends(public)]
CACHE = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}


def _json(document: dict[str, Any], media_type: str = "application/json") -> JSONResponse:
    return JSONResponse(document, headers=CACHE, media_type=media_type)


def _org(db: DB, slug: str) -> Organization:
    org = repo.organization_by_slug(db, slug)
    if org is None:
        raise NotFoundError(f"There is no organization {slug!r}.")
    return org


@router.get("/.well-known/did.json")
def host_did(db: DB, settings: AppSettings, _: Public) -> JSONResponse:
    """The DID document of the organization that owns the host DID, if one is set."""
    if not settings.did_web_host_org:
        raise NotFoundError("No organization uses this host's DID (OPENLER_DID_WEB_HOST_ORG).")
    org = _org(db, settings.did_web_host_org)
    return _json(keys.did_document(db, Site.from_settings(settings), org), "application/did+json")


@router.get("/orgs/{slug}/did.json")
def org_did(slug: str, db: DB, settings: AppSettings, _: Public) -> JSONResponse:
    if slug == settings.did_web_host_org:
        raise NotFoundError(f"{slug}'s DID document is at /.well-known/did.json.")
    org = _org(db, slug)
    return _json(keys.did_document(db, Site.from_settings(settings), org), "application/did+json")


@router.get("/orgs/{slug}/status/{list_id}")
def status_list(slug: str, list_id: int, db: DB, _: Public) -> JSONResponse:
    """A signed BitstringStatusListCredential."""
    record = status_lists.published(db, _org(db, slug), list_id)
    if record is None or record.credential is None:
        raise NotFoundError(f"There is no status list {list_id} for {slug}.")
    return _json(record.credential, "application/vc+ld+json")
