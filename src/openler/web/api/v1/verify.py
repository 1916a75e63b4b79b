"""/api/v1/verify: verify a credential, for anyone (no account, no API token needed).

The same verifier as the wallet's and the public "Verify a credential" page: OpenLER's own
organizations' DID documents and status lists are read from the database, the network is
never used. Nothing sent is stored, logged or audited. The request changes nothing and
carries no credentials of the caller, so it is exempt from the CSRF check (a machine client
has no CSRF cookie), though not from its body cap; see ``app.py``. Verifying costs CPU, so
each client address has a rate limit (``web/ratelimit.py``), shared with the page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile

from openler.services.wallet import records
from openler.web.api.v1.schemas import ErrorOut
from openler.web.api.v1.wallet import RecordOut
from openler.web.deps import Now, public
from openler.web.security import MAX_FORM_BYTES
from openler.web.wallet_deps import UPLOAD_FORM_LIMITS, Verifier, submitted

router = APIRouter(tags=["verify"])

ERRORS: dict[int | str, dict[str, Any]] = {
    413: {
        "model": ErrorOut,
        "description": f"`REQUEST_TOO_LARGE`: the body is over {MAX_FORM_BYTES // 2**20} MB",
    },
    422: {"model": ErrorOut, "description": "Nothing sent, or more than 5 MB (names the field)"},
    429: {
        "model": ErrorOut,
        "description": "`RATE_LIMITED`: too many verifications from this client address "
        "(`OPENLER_RATE_LIMIT_VERIFY`); `Retry-After` says how many seconds to wait",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}

VERIFY_PATH = "/verify"


@router.post(
    VERIFY_PATH,
    response_model=RecordOut,
    responses=ERRORS,
    dependencies=[Depends(public)],
    form_limits=UPLOAD_FORM_LIMITS,
)
async def verify_credential(
    response: Response,
    now: Now,
    verifier: Verifier,
    file: Annotated[
        UploadFile | None,
        File(description="the credential: JSON, VC-JWT, or a baked PNG or SVG badge"),
    ] = None,
    text: Annotated[str, Form(description="or the credential's JSON or JWT as text")] = "",
) -> RecordOut:
    """Verify a credential (up to 5 MB; its kind is told from its content) and keep nothing.

    ``verified`` is false, with the failing checks and their codes, for a credential that
    does not verify, including content that is not a credential (a failed ``parse`` check).
    An empty or too large input is a 422 error naming the field (``file`` or ``text``).
    """
    sent = await submitted(file, text)
    report = records.check(verifier, sent.data, now=now, field=sent.field)
    response.headers["Cache-Control"] = "no-store"
    return RecordOut(**RecordOut.fields_of(report))
