"""Medicaid's optional poverty-level group for aged and disabled people (42 U.S.C.
1396a(a)(10)(A)(ii)(X) and (m)): Florida's MEDS-AD, Maine's full MaineCare for the aged,
blind and disabled. Alabama and Georgia do not cover the group (their parameter files cite
why). Connecticut, a section 209(b) state, covers its aged, blind and disabled people under
its own standard (HUSKY C, husky_c.py), which takes the group's place here: same members and
unit, Connecticut's income and asset test, from 2025 (2024 is not published).

The unit is the head and, if present, the spouse (42 U.S.C. 1396a(m)(2)(A): the poverty line
for a family of the size involved, 1 or 2). Its members who are 19 or older and aged (65+) or
disabled are covered when the unit's countable income, by the SSI methodology (1396a(m)(2)(B):
unearned income less the state's general disregard, then earnings less what is left of it,
less $65, halved; ssi.py), is at most the state's percentage of that poverty line, and its
assets (``assets``, one countable total) within the state's individual or couple limit.
Florida excludes people entitled to Medicare (Fla. Stat. 409.904(1)) unless they receive
institutional, hospice or home and community-based services, which are not modelled.
Disability is SSA's (1396a(m)(1), 42 U.S.C. 1382c(a)(3); 20 CFR 416.905): a disabled member
under 65 whose own earnings exceed substantial gainful activity is not in the group (the
work incentives that keep SSI recipients covered, 42 U.S.C. 1382h, are SSI's), though their
income still counts for the spouse. For the swept earner that depends on the point: hence
the three cases of ``group_variants``.

Simplifications: a spouse who is neither aged nor disabled has all income counted with the
other's (SSI deeming would first allow for the spouse's own needs, 20 CFR 416.1163, which
could only widen the group); children's income and other members are not counted; people under
19 are left to the children's groups, whose limits are higher.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs import husky_c
from openler.benefits.programs.common import not_built
from openler.benefits.programs.dispatch import leave_out_hint
from openler.benefits.programs.ssdi import SSDI
from openler.benefits.programs.ssi import ssi_eligible_people, within_poverty_share

AGED = 65
MIN_AGE = 19


def _name(c: Context, key: str) -> str:
    return f"states.{c.h.state.lower()}.medicaid.aged_disabled.{key}"


def group_people(c: Context, when: date) -> np.ndarray:
    """Members the group covers if their unit passes the income and asset tests, (H, M)
    (all False where the state has no such group)."""
    h = c.h
    people = c(ssi_eligible_people) & (h.age >= MIN_AGE)
    if not people.any():
        return people
    covered = _name(c, "covered")
    if covered not in c.params or c.params.start_or_none(covered, when) is None:
        # A state whose group is not modelled for this month (Connecticut in 2024): people 65+
        # or on Medicare have no other group (the expansion adult group excludes them) and
        # get the error; a disabled adult under 65 without Medicare stays in the adult group.
        needs = people & ((h.age >= AGED) | h.medicare) & h.counts["medicaid"][:, None]
        if needs.any():
            if covered in c.params:
                with leave_out_hint("medicaid"):
                    c.p(covered, when)  # raises ParameterNotPublished, naming it
            raise not_built(
                f"{h.state} Medicaid for aged, blind and disabled people", covered, "medicaid"
            )
        return np.zeros_like(people)
    if not c.p(covered, when):
        return np.zeros_like(people)
    if c.p(_name(c, "excludes_medicare"), when):
        people = people & ~h.medicare
    # Working above SGA on fixed earnings: not disabled by SSA's definition.
    people = people & ~(_working_disabled(c) & ~h.is_earner & (h.fixed_earnings > _sga(c, when)))
    return np.asarray(people)


def _working_disabled(c: Context) -> np.ndarray:
    """Members in the group by disability alone (under 65), whom SGA takes out, (H, M)."""
    return np.asarray(c.h.disabled & (c.h.age < AGED))


def _sga(c: Context, when: date) -> float:
    """Substantial gainful activity, annual dollars (non-blind: blindness is not recorded)."""
    return 12 * float(c.p(f"{SSDI}.substantial_gainful_activity", when)["non_blind"])


def group_variants(c: Context, when: date) -> np.ndarray:
    """The group's members in each case a sweep point can be in, (3, H, M): [0] nobody (the
    unit fails the test), [1] all of them, [2] all but a disabled swept earner under 65
    whose earnings exceed SGA at that point."""
    people = c.monthly(group_people, when)
    return np.stack(
        [np.zeros_like(people), people, people & ~(c.h.is_earner & _working_disabled(c))]
    )


def group_variant(c: Context, when: date) -> np.ndarray:
    """Which of ``group_variants`` applies at each sweep point, (H, E)."""
    people = c.monthly(group_people, when)
    earner = (people & c.h.is_earner & _working_disabled(c)).any(axis=1)
    over = earner[:, None] & (c.earnings > _sga(c, when))
    return np.asarray(c.monthly(group_eligible, when) * (1 + over), dtype=np.intp)


def group_eligible(c: Context, when: date) -> np.ndarray:
    """Whether the household's unit passes the group's income and asset tests, (H, E)."""
    h = c.h
    eligible = np.zeros(c.shape, dtype=bool)
    rows = np.flatnonzero(c.monthly(group_people, when).any(axis=1))
    if not rows.size:
        return eligible
    unit = h.present & (h.is_head | h.is_spouse)
    if husky_c.applies(c):
        eligible[rows] = husky_c.eligible(c, when, unit, rows)
        return eligible
    eligible[rows] = within_poverty_share(
        c,
        when,
        unit,
        rows,
        share=float(c.p(_name(c, "income_limit"), when)),
        general=float(c.p(_name(c, "general_income_exclusion"), when)),
        resources=c.p(_name(c, "resource_limit"), when),
    )
    return eligible
