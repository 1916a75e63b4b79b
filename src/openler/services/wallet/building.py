"""Credentials a worker makes from the records they pick: a CLR 2.0 bundle, or an LER-RS
résumé (``openler.credentials.bundle``, ``openler.credentials.resume``).

Both are signed with the worker's holder did:key (made on first use) and kept in their
wallet as ``source=made``, so they can be shared like any record. The CLR is published by
the worker (its issuer is their did:key and their name) and bundles the signed JSON
credentials as they are; its learner is the worker's DID. The résumé is self-issued and
secured as a VC-JWT (its HR Open context is not JSON-LD).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from openler.credentials._coded import TableCodedError
from openler.credentials.bundle import build_clr, sign_clr
from openler.credentials.models import CredentialSchemaError
from openler.credentials.resume import build_resume, sign_resume
from openler.errors import ValidationError
from openler.services import audit, wallet_delivery
from openler.services.context import Actor
from openler.services.wallet import holder
from openler.services.wallet.records import own_row
from openler.store import repositories as repo
from openler.store.models import WalletCredential

KINDS = ("clr", "resume")


def make(
    db: Session,
    actor: Actor,
    credential_ids: Sequence[int],
    kind: str,
    *,
    title: str = "",
    now: datetime,
) -> WalletCredential:
    """Build, sign and keep a CLR (``kind="clr"``, named ``title``) or a résumé."""
    acting = actor.require("worker")
    assert acting.user_id is not None
    if kind not in KINDS:
        raise ValidationError(f"Make a clr or a resume, not {kind!r}.", field="kind")
    ids = list(dict.fromkeys(credential_ids))
    if not ids:
        raise ValidationError("Pick at least one record.", field="credentials")
    rows = [own_row(db, acting, i) for i in ids]
    user = repo.user_by_id(db, acting.user_id)
    assert user is not None
    name = user.display_name or (user.email or "").split("@")[0]
    key = holder.holder_key(db, acting, now=now)
    assert key.controller is not None
    credentials = [row.credential for row in rows]
    try:
        if kind == "clr":
            publisher = {"id": key.controller, "type": ["Profile"], "name": name}
            clr = build_clr(
                publisher, credentials, name=title.strip() or "My records", now=now,
                learner=key.controller,
            )  # fmt: skip
            made: dict[str, Any] | str = sign_clr(clr, key, now=now)
        else:
            resume = build_resume(credentials, holder=key.controller, name=name, now=now)
            made = sign_resume(resume, key)
    except (TableCodedError, CredentialSchemaError) as error:
        raise ValidationError(f"{error.message} ({error.code})", field="credentials") from None
    row = wallet_delivery.deliver(
        db,
        acting.user_id,
        credential=made,
        format="json" if kind == "clr" else "jwt",
        source="made",
        now=now,
    )
    db.flush()
    audit.record(
        db,
        acting,
        "wallet.credential_made",
        now=now,
        subject=acting.pseudonym,
        detail={"credential": row.id, "kind": kind, "from": ids},
    )
    return row
