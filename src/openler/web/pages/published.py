"""What issuing organizations publish for verifiers: DID documents and status lists.

Public (no login), JSON, cacheable for a few minutes: a verifier anywhere must be able to
fetch them. A status list is re-signed whenever a bit flips, so caches stay short. The
lookup is ``services.issuer.published``, the one OpenLER's own verifier uses.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from openler.services.issuer import published
from openler.services.issuer.identity import Site
from openler.web.deps import DB, AppSettings, Caller, public

router = APIRouter()
Public = Annotated[Caller, Depends(public)]
CACHE = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}
DID_JSON = "application/did+json"


def _json(document: dict[str, Any], media_type: str) -> JSONResponse:
    return JSONResponse(document, headers=CACHE, media_type=media_type)


@router.get(published.HOST_DID_PATH)
def host_did(db: DB, settings: AppSettings, _: Public) -> JSONResponse:
    """The DID document of the organization that owns the host DID, if one is set."""
    return _json(published.host_did_document(db, Site.from_settings(settings)), DID_JSON)


@router.get("/orgs/{slug}/did.json")
def org_did(slug: str, db: DB, settings: AppSettings, _: Public) -> JSONResponse:
    return _json(published.org_did_document(db, Site.from_settings(settings), slug), DID_JSON)


@router.get("/orgs/{slug}/status/{list_id}")
def status_list(slug: str, list_id: int, db: DB, _: Public) -> JSONResponse:
    """A signed BitstringStatusListCredential."""
    record = published.status_list_credential(db, slug, list_id)
    return _json(record, "application/vc+ld+json")
