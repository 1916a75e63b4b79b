"""The JSON API, version 1. Machine clients send ``Authorization: Bearer olr_...``."""

from fastapi import APIRouter

from openler.web.api.v1 import audit, issuing, me, tokens, users, verify, wallet

router = APIRouter()
for module in (me, tokens, users, audit, issuing, wallet, verify):
    router.include_router(module.router)
