"""SSI, Supplemental Security Income (42 U.S.C. 1381 ff.; 20 CFR 416).

Adults who are 65 or older or disabled (20 CFR 416.202) with countable resources within the
limit (20 CFR 416.1205) get the federal benefit rate less countable income (20 CFR 416.420):
unearned income above the $20 general exclusion, and earned income above what is left of the
$20, less $65, halved (20 CFR 416.1112, 416.1124). A couple who are both eligible get the
couple rate on their combined income. The state's optional supplement for a person or couple
in their own household (``states.<st>.ssi.supplement_own_household``) is added to the federal
rate and reduced by the same countable income (20 CFR 416.2025): Maine pays $10 / $15; Florida,
Georgia and Alabama pay supplements only in facilities or special-need categories, so zero at
home. Connecticut's supplement is a budget of its own, paid on top of the federal SSI it counts
as income (ct_aabd.py).

An eligible person living with a spouse who is not (neither aged nor disabled) has the
spouse's income deemed (20 CFR 416.1163): after an allocation for each child under 18 (the
couple rate less the individual rate, less the child's own income), a remainder above that
same difference is added to the person's income and the two are budgeted as a couple; the
payment is the lesser of the couple computation and the person's own, and the resource limit
is the couple's (416.1202(a), 416.1205(a)).

Not modelled: children's SSI (with deeming of parents' income), students 18-21 as children
for the allocation, and the student earned income exclusion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import numpy as np

from openler.benefits.engine import Context
from openler.benefits.programs.common import not_built, poverty_guideline
from openler.benefits.programs.ssdi import ssdi_received

SSI = "federal.ssa.ssi"
AGED = 65
ADULT = 18


def ssi_eligible_people(c: Context) -> np.ndarray:
    """Head and spouse who are aged or disabled adults, (H, M)."""
    h = c.h
    return np.asarray(
        h.present & (h.is_head | h.is_spouse) & (h.age >= ADULT) & ((h.age >= AGED) | h.disabled)
    )


def countable_income(
    c: Context, unearned: np.ndarray, earned: np.ndarray, general: float | None = None
) -> np.ndarray:
    """Monthly countable income from monthly unearned and earned income (arrays of one
    shape), by SSI's rules; ``general`` replaces the $20 general exclusion where a program
    using the SSI methodology sets its own (Medicaid's poverty-level group)."""
    if general is None:
        general = float(c.p(f"{SSI}.general_income_exclusion"))
    earned_exclusion = float(c.p(f"{SSI}.earned_income_exclusion"))
    rate = float(c.p(f"{SSI}.earned_income_exclusion_rate"))
    unused_general = np.maximum(general - unearned, 0.0)
    countable_unearned = np.maximum(unearned - general, 0.0)
    countable_earned = np.maximum(earned - unused_general - earned_exclusion, 0.0) * (1 - rate)
    return np.asarray(countable_unearned + countable_earned)


def member_income(
    c: Context, member: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly (unearned, earned) income of the members in the mask, for the households
    ``rows`` only (the few with an aged or disabled head or spouse), (len(rows), E) each."""
    h = c.h
    unearned = ssdi_received(c, member)[rows] / 12
    member = member[rows]
    swept = (h.is_earner[rows] & member).any(axis=1)
    fixed = (h.fixed_earnings[rows] * member).sum(axis=1)
    earned = (c.earnings[rows] * swept[:, None] + fixed[:, None]) / 12
    return unearned, earned


def within_poverty_share(
    c: Context,
    when: date,
    unit: np.ndarray,
    rows: np.ndarray,
    *,
    share: float,
    general: float | None,
    resources: Mapping[str, Any] | None,
    below: bool = False,
) -> np.ndarray:
    """Whether ``unit`` (an (H, M) mask) of the households ``rows`` has countable income, by
    SSI's rules (``general``: see ``countable_income``), within ``share`` of the poverty
    guideline for its size - at most that, or less than it if ``below`` - and - unless
    ``resources`` is None (no asset test) - assets within its individual or couple limit,
    (len(rows), E). The test of the programs that apply the SSI methodology against a share of
    the poverty line: Medicaid's poverty-level group for aged and disabled people ("does not
    exceed", 1396a(m)(2)(A)), the Medicare Savings Programs."""
    size = unit.sum(axis=1)[rows]
    unearned, earned = member_income(c, unit, rows)
    countable = countable_income(c, unearned, earned, general)
    limit = (share * poverty_guideline(c, size, when) / 12)[:, None]
    eligible = countable < limit if below else countable <= limit
    if resources is not None:
        limit = np.where(size == 2, float(resources["couple"]), float(resources["individual"]))
        eligible &= (c.h.assets[rows] <= limit)[:, None]
    return np.asarray(eligible)


def _rates(c: Context) -> dict[str, float]:
    """Federal benefit rate plus the state's own-household supplement, by individual/couple
    (none where the state's supplement is a budget of its own, paid on top: Connecticut)."""
    federal = c.p(f"{SSI}.federal_benefit_rate")
    name = f"states.{c.h.state.lower()}.ssi.supplement_own_household"
    if name in c.params:
        state = c.p(name)
    elif _budget_supplement(c) is not None:
        state = {"individual": 0, "couple": 0}
    else:
        raise not_built(f"The {c.h.state} state supplement to SSI", name, "ssi")
    return {k: float(federal[k]) + float(state[k]) for k in ("individual", "couple")}


def _budget_supplement(c: Context) -> Callable[[Context], np.ndarray] | None:
    """The rule of the household's state supplement where it is a budget of its own, paid on
    top of federal SSI (Connecticut's AABD), or None."""
    # Imported here: the supplement reads this module's federal SSI as income.
    from openler.benefits.programs import ct_aabd

    return ct_aabd.supplement if ct_aabd.applies(c) else None


def ssi(c: Context) -> np.ndarray:
    """Annual SSI of the head and spouse: federal SSI (with any flat state supplement) and a
    budgeted state supplement."""
    if not (c(ssi_eligible_people).any(axis=1) & c.h.counts["ssi"]).any():
        return np.zeros(c.shape)  # nobody to pay: read no parameter (nor refuse a state)
    total = c(federal_ssi)
    supplement = _budget_supplement(c)
    if supplement is not None:
        total = total + c(supplement)
    return c.counted("ssi", total)


def federal_ssi(c: Context) -> np.ndarray:
    """Annual federal SSI of the head and spouse, with the state's flat own-household
    supplement where it has one, whatever the household's `programs` list."""
    h = c.h
    eligible = c(ssi_eligible_people)
    if not eligible.any():
        return np.zeros(c.shape)
    rates = _rates(c)
    limits = c.p(f"{SSI}.resource_limit")
    couple = eligible.sum(axis=1) == 2
    total = np.zeros(c.shape)
    # A couple who are both eligible: one computation on combined income.
    rows = np.flatnonzero(couple & (h.assets <= float(limits["couple"])))
    if rows.size:
        unearned, earned = member_income(c, eligible, rows)
        total[rows] = np.maximum(rates["couple"] - countable_income(c, unearned, earned), 0.0)
    # Otherwise each eligible person on their own income (at most one per household), with
    # an ineligible spouse's income deemed and the couple's resource limit (20 CFR 416.1163,
    # 416.1202(a), 416.1205(a)).
    married = (h.present & (h.is_head | h.is_spouse)).sum(axis=1) == 2
    limit = np.where(married, float(limits["couple"]), float(limits["individual"]))
    for role in (h.is_head, h.is_spouse):
        person = eligible & role
        rows = np.flatnonzero(person.any(axis=1) & ~couple & (h.assets <= limit))
        if rows.size:
            unearned, earned = member_income(c, person, rows)
            paid = np.maximum(rates["individual"] - countable_income(c, unearned, earned), 0.0)
            deemed = deemed_from_spouse(c, eligible, rows)
            if deemed is not None:
                # Eligible if the couple's countable income is under the couple rate; paid the
                # lesser of the two computations (SSA POMS SI 01320.430).
                spouse_unearned, spouse_earned, applies = deemed
                combined = countable_income(c, unearned + spouse_unearned, earned + spouse_earned)
                as_couple = np.maximum(rates["couple"] - combined, 0.0)
                paid = np.where(applies, np.minimum(paid, as_couple), paid)
            total[rows] = paid
    return total * 12


def deemed_from_spouse(
    c: Context, eligible: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The monthly (unearned, earned) income of the ineligible spouse of the eligible people
    in ``rows`` left after the allocations for ineligible children, and where it is deemed
    (more than the couple rate less the individual rate), each (len(rows), E); None where no
    one in ``rows`` has an ineligible spouse (20 CFR 416.1163(a)-(b), (d)).

    Each child under 18 is allocated the couple rate less the individual rate, less the
    child's own income; the allocations come out of the spouse's unearned income first."""
    h = c.h
    spouse = h.present & (h.is_head | h.is_spouse) & ~eligible
    if not spouse[rows].any():
        return None
    unearned, earned = member_income(c, spouse, rows)
    federal = c.p(f"{SSI}.federal_benefit_rate")
    allowance = float(federal["couple"]) - float(federal["individual"])
    children = h.present & h.is_child & (h.age < ADULT)
    allocation = np.zeros_like(unearned)
    for slot in np.flatnonzero(children[rows].any(axis=0)):
        child = children & (np.arange(children.shape[1]) == slot)
        own_unearned, own_earned = member_income(c, child, rows)
        allocation += (
            np.maximum(allowance - own_unearned - own_earned, 0.0)
            * child[rows].any(axis=1)[:, None]
        )
    from_unearned = np.minimum(unearned, allocation)
    unearned = unearned - from_unearned
    earned = np.maximum(earned - (allocation - from_unearned), 0.0)
    applies = spouse[rows].any(axis=1)[:, None] & (unearned + earned > allowance)
    return unearned, earned, np.asarray(applies)
