""" "Verify a credential", for anyone (an employer, a college): no account needed.

The credential is checked by the wallet's verifier (``LocalVerifier``): OpenLER's own
organizations' DID documents and status lists are read from the database, nothing is fetched
from the network. What is sent is verified in memory and dropped with the response: nothing
is stored, logged or audited, and the page is never cached.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import Response

from openler.errors import OpenLERError
from openler.services.wallet import records
from openler.web.deps import Now, public
from openler.web.templating import render
from openler.web.wallet_deps import UPLOAD_FORM_LIMITS, Verifier, submitted

router = APIRouter(dependencies=[Depends(public)])

VERIFY_PATH = "/verify"
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _page(request: Request, context: dict[str, object], status: int = 200) -> Response:
    context = {"max_mb": records.MAX_UPLOAD_BYTES // 2**20, **context}
    response = render(request, "verify.html", context, status)
    response.headers.update(PRIVATE)
    return response


@router.get(VERIFY_PATH)
def verify_form(request: Request) -> Response:
    return _page(request, {})


@router.post(VERIFY_PATH, form_limits=UPLOAD_FORM_LIMITS)
async def verify_credential(
    request: Request,
    now: Now,
    verifier: Verifier,
    file: UploadFile | None = None,
    text: Annotated[str, Form()] = "",
) -> Response:
    sent = await submitted(file, text)
    try:
        report = records.check(verifier, sent.data, now=now, field=sent.field)
    except OpenLERError as exc:
        return _page(request, {"error": exc.message, "error_field": exc.field}, exc.http_status)
    parse = report.check("parse")
    unreadable = parse if parse is not None and parse.status == "failed" else None
    context = {
        "report": report,
        "state": records.state_of(report),
        "summary": records.summarize(report.credential),
        "unreadable": unreadable,
        "error_field": sent.field if unreadable else None,
    }
    return _page(request, context)
