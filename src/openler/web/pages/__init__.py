"""HTML pages, one module per audience or area."""

from fastapi import APIRouter

from openler.web.pages import (
    account,
    admin,
    auth,
    caseworker,
    home,
    issuer,
    published,
    shared,
    verify,
    wallet,
)

router = APIRouter(include_in_schema=False)
for module in (home, auth, account, admin, caseworker, issuer, published, wallet, shared, verify):
    router.include_router(module.router)
