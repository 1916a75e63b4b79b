"""Who is acting, and the clock they act by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from openler.errors import PermissionDenied
from openler.store.models import User

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """A person (or the system) doing something, under one role.

    ``role`` is the role the action is taken under: the role a route requires for a browser
    session, the token's role for an API call. The audit log records it.
    """

    user_id: int | None
    pseudonym: str | None
    roles: frozenset[str]
    via: str
    role: str | None = None
    organization_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def for_user(cls, user: User, via: str, role: str | None = None) -> Actor:
        return cls(
            user_id=user.id,
            pseudonym=user.pseudonym,
            roles=user.role_names,
            via=via,
            role=role,
            organization_ids=frozenset(m.organization_id for m in user.memberships),
        )

    @classmethod
    def system(cls, via: str = "cli") -> Actor:
        """The operator at the command line (who has shell access to the server)."""
        return cls(user_id=None, pseudonym=None, roles=frozenset({"admin"}), via=via, role="admin")

    def acting_as(self, role: str) -> Actor:
        if role not in self.roles:
            raise PermissionDenied(f"This needs the {role} role, which your account does not have.")
        return replace(self, role=role)

    def require(self, *roles: str) -> Actor:
        """The actor acting under the first of ``roles`` it holds, or PermissionDenied."""
        for role in roles:
            if role in self.roles and (self.via != "api" or self.role == role):
                return replace(self, role=role)
        names = " or ".join(roles)
        raise PermissionDenied(f"Only a {names} can do this.")
