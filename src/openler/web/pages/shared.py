"""The public page of a share link: the records and their verification, made now.

No account is needed. A withdrawn or expired link is "gone" (410) and shows nothing about
the person; an unknown one is "not found". The token is in the path, so the pages are never
cached and never sent as a referrer to another site (see SECURITY_HEADERS).
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from openler.errors import NotFoundError
from openler.services.wallet import records, shares
from openler.web.deps import DB, Now, public
from openler.web.templating import render
from openler.web.wallet_deps import SHARE_PATH, Verifier, open_share

router = APIRouter(prefix=SHARE_PATH.rstrip("/"), dependencies=[Depends(public)])

PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


@router.get("/{token}")
def shared(request: Request, token: str, db: DB, now: Now, verifier: Verifier) -> Response:
    opened = open_share(request, db, verifier, token, "page", now)
    response = render(request, "shared.html", {"opened": opened, "token": token})
    response.headers.update(PRIVATE)
    return response


@router.get("/{token}/presentation.json")
def shared_presentation(
    request: Request, token: str, db: DB, now: Now, verifier: Verifier
) -> Response:
    opened = open_share(request, db, verifier, token, "presentation", now)
    if opened.presentation is None:
        raise NotFoundError("This share is a link, not a presentation.", field="token")
    headers = {"Content-Disposition": 'attachment; filename="presentation.json"', **PRIVATE}
    body = json.dumps(opened.presentation.document, indent=2, ensure_ascii=False)
    return Response(body, media_type="application/vp+ld+json", headers=headers)


@router.get("/{token}/{position}.json")
def shared_download(request: Request, token: str, position: int, db: DB, now: Now) -> Response:
    row = shares.shared_credential(
        db, token, position, user_agent=request.headers.get("user-agent"), now=now
    )
    body, media_type, extension = records.download(row)
    headers = {
        "Content-Disposition": f'attachment; filename="record-{position}.{extension}"',
        **PRIVATE,
    }
    return Response(body, media_type=media_type, headers=headers)
