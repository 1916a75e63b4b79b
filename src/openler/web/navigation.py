"""What each role can do: the home pages and the navigation are built from this table.

A capability that is planned but not built yet has no link and is shown as "not available
yet", so nobody is sent to a page that pretends to work.
"""

from __future__ import annotations

from dataclasses import dataclass

from openler.web.i18n import gettext_ as _


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for translation; it is translated where it is shown."""
    return message


ROLE_LABELS = {
    "worker": N_("Worker"),
    "caseworker": N_("Caseworker"),
    "issuer": N_("Issuer"),
    "employer": N_("Employer"),
    "college": N_("College"),
    "analyst": N_("Analyst"),
    "admin": N_("Administrator"),
}
ROLE_ORDER = tuple(ROLE_LABELS)


@dataclass(frozen=True)
class Capability:
    title: str
    description: str
    href: str | None = None  # None: not built yet

    @property
    def available(self) -> bool:
        return self.href is not None


_PRIVACY = Capability(
    N_("See who viewed your data"),
    N_("Every time someone opens your records or account, it is listed here."),
    "/account/audit",
)

CAPABILITIES: dict[str, tuple[Capability, ...]] = {
    "worker": (
        Capability(
            N_("My records"),
            N_("Keep, verify and share your learning and work records."),
            "/worker/records",
        ),
        Capability(
            N_("Jobs that fit your skills"),
            N_("See jobs your verified skills match, and the gap to the ones you want."),
        ),
        Capability(
            N_("Plan a raise without losing benefits"),
            N_("See how a raise changes your taxes, benefits and what you keep."),
        ),
        _PRIVACY,
        Capability(
            N_("Download or delete your data"),
            N_("Get a copy of everything we hold about you, or delete your account."),
            "/account/data",
        ),
    ),
    "caseworker": (
        Capability(
            N_("Help a client reset their password"),
            N_("Make a one-time link for a worker who cannot log in."),
            "/caseworker/reset",
        ),
        Capability(
            N_("Benefits-cliff planner"),
            N_("Sit with a client and see what a raise does to their family's resources."),
        ),
    ),
    "issuer": (
        Capability(
            N_("Define achievements"),
            N_("Describe certificates, courses and skills, aligned to skills frameworks."),
            "/issuer/orgs",
        ),
        Capability(
            N_("Issue credentials"),
            N_("Issue verifiable records to one person or in bulk, and revoke them."),
            "/issuer/orgs",
        ),
    ),
    "employer": (
        Capability(
            N_("Post jobs by skills"), N_("Describe jobs by the skills they need, not by degrees.")
        ),
        Capability(
            N_("Verify shared records"),
            N_("Check records that candidates share with you."),
            "/verify",
        ),
        Capability(
            N_("See what a raise does"),
            N_("See how a raise changes a worker's benefits and take-home resources."),
        ),
    ),
    "college": (
        Capability(
            N_("Programs and outcomes"),
            N_("List your training programs with cost, length and outcomes."),
        ),
        Capability(
            N_("Offers to learners"),
            N_("Reach learners who opted in, with offers that fit their goals."),
        ),
    ),
    "analyst": (
        Capability(
            N_("Skills supply and demand"),
            N_("Compare the skills workers hold with the skills jobs ask for."),
        ),
        Capability(
            N_("Policy scenarios"), N_("Model what a benefits-policy change does across the state.")
        ),
    ),
    "admin": (
        Capability(
            N_("People and roles"),
            N_("Create accounts, give roles, unlock accounts and issue reset links."),
            "/admin/users",
        ),
        Capability(
            N_("Organizations"),
            N_("Colleges, training providers, employers and agencies."),
            "/admin/organizations",
        ),
        Capability(
            N_("Audit log"),
            N_("Search who read or changed whose data, when, and under which role."),
            "/admin/audit",
        ),
    ),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str


# Pages for everyone, signed in or not (an employer or a college checking a record).
PUBLIC_PAGES = ((N_("Verify a credential"), "/verify"),)


def navigation_for(roles: frozenset[str]) -> list[NavItem]:
    """The role home pages the user holds, then the public pages."""
    items = [NavItem(_(ROLE_LABELS[r]), f"/{r}") for r in ROLE_ORDER if r in roles]
    return items + [NavItem(_(label), href) for label, href in PUBLIC_PAGES]
