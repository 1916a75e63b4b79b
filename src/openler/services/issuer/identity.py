"""Where an organization's issuer identity lives: its did:web DID and its public URLs.

An organization's DID is the path form ``did:web:<host>:orgs:<slug>`` (document at
``https://<host>/orgs/<slug>/did.json``), or the host form ``did:web:<host>`` (document at
``/.well-known/did.json``) for the one organization named by ``OPENLER_DID_WEB_HOST_ORG``.
Both derive from ``OPENLER_BASE_URL``, which must be https (did:web has no http form). In
demo mode only, an http address (``make run`` serves http://127.0.0.1:8000) gives the DID its
https reading of the same host: OpenLER verifies its own credentials from its database, so the
demo can issue, but a verifier elsewhere cannot resolve those DIDs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from openler.config import Settings
from openler.credentials.dids import url_to_did_web
from openler.credentials.proof_errors import ProofError
from openler.errors import ConfigError, NotFoundError, PermissionDenied
from openler.services.context import Actor
from openler.store import repositories as repo
from openler.store.models import Organization


@dataclass(frozen=True)
class Site:
    """The public address of this OpenLER and which organization, if any, owns the host DID."""

    base_url: str
    host_org: str = ""
    demo: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Site:
        return cls(settings.public_url, settings.did_web_host_org, settings.demo)

    @property
    def did_base_url(self) -> str:
        """The address DIDs are formed from (and resolved at): the base URL, read as https
        in demo mode (see the module's docstring)."""
        url = self.base_url.rstrip("/")
        if self.demo and url.startswith("http://"):
            return "https://" + url.removeprefix("http://")
        return url

    def did(self, org: Organization) -> str:
        """The organization's did:web DID."""
        url = self.did_base_url
        if org.slug != self.host_org:
            url = f"{url}/orgs/{org.slug}"
        try:
            return url_to_did_web(url)
        except ProofError:
            raise ConfigError(
                "Issuing needs OPENLER_BASE_URL set to this service's public https address "
                f"(did:web has no http form), not {self.base_url!r}.",
                field="OPENLER_BASE_URL",
            ) from None

    def status_list_url(self, org: Organization, list_id: int) -> str:
        return f"{self.base_url.rstrip('/')}/orgs/{org.slug}/status/{list_id}"


def authorize(actor: Actor, org: Organization) -> Actor:
    """The actor acting as an issuer of ``org`` (or the operator at the command line, or the
    demo seeding its sample achievements)."""
    if actor.user_id is None and actor.via in ("cli", "demo"):
        return actor
    acting = actor.require("issuer")
    if org.id not in acting.organization_ids:
        raise PermissionDenied(f"You do not issue credentials for {org.name}.")
    return acting


def organization(db: Session, actor: Actor, slug: str) -> Organization:
    """The organization ``slug``, which the actor must issue for."""
    org = repo.organization_by_slug(db, slug)
    if org is None:
        raise NotFoundError(f"There is no organization {slug!r}.", field="slug")
    authorize(actor, org)
    return org
