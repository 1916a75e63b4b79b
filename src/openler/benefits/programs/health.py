"""Medicaid and CHIP eligibility, by member, and the value of coverage.

Eligibility uses MAGI income (42 CFR 435.603): household earnings plus Social Security
benefits, against each group's limit as a fraction of the poverty guideline plus the
five-point MAGI disregard (42 CFR 435.603(d)(4)). A pregnant woman counts the children she
expects in her household size (42 CFR 435.603(b)); we count one.

Groups (42 U.S.C. 1396a(a)(10)(A), (l); 42 U.S.C. 1397aa ff. for CHIP): children by age
(under 1, 1-5, 6-18), young adults 19-20 where the state covers them as children (Maine),
parents and caretaker relatives of a child under 19, pregnant women, and - where the state
covers them - other adults 19-64: the ACA expansion group, or Georgia Pathways, which also
requires 80 hours a month of work (we read the head's stated weekly hours; other members'
hours are not in the household, so only the head can qualify). SSI recipients are covered
without a further test where the state is a 1634 state (42 CFR 435.120), and aged and
disabled people above SSI by the state's optional poverty-level group (aged_disabled.py:
Florida's MEDS-AD, Maine; an SSI-methodology test of the head and spouse) or, in Connecticut,
HUSKY C (husky_c.py, the state's own test of the same unit). Children above
their Medicaid limit are covered by the state's separate CHIP up to its limit. Children in
Medicaid-expansion CHIP are counted under Medicaid, as the state's Medicaid limits already
include them; a state whose CHIP is all Medicaid expansion (Maine) says so with
``chip.separate_program: false``.

CHIP premiums: either one family amount by income band (``chip.premium``, Florida) or an
amount per enrolled child by income band capped per family (``chip.premium_per_child`` and
``chip.premium_family_cap``; children under ``chip.premium_min_age`` are not charged). An
annual fee (unit ``USD``, Alabama's ALL Kids) is spread over the twelve months.

Coverage is valued the same way for every group and state: the average benefit spending per
full-year-equivalent enrollee of that state and group, from MACPAC's MACStats data book -
children and adults in the MAGI groups, aged or disabled people covered through an aged or
disabled group (SSI, the poverty-level group). The value is above zero exactly when a member
is eligible.

The poverty-level group tests a different income (SSI-countable, of the head and spouse) than
the MAGI ratio whose levels the other groups share, so it is not a limit on that ratio: where
a batch has anyone it could cover, every per-level table is repeated for each case of the
group (its unit fails the test; passes; passes but the swept earner works above SGA), with
that case's members added, and each sweep point reads the copy its case selects (``_level``).
Tables of batches without such a member are unchanged.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openler.benefits.engine import (
    Context,
    at_levels,
    breakpoints,
    level_index,
    member_any,
    member_count,
    step,
    weighted_count,
    within_by_level,
)
from openler.benefits.programs import husky_c
from openler.benefits.programs.aged_disabled import (
    AGED,
    group_people,
    group_variant,
    group_variants,
)
from openler.benefits.programs.common import not_built, poverty_guideline
from openler.benefits.programs.income import household_income
from openler.benefits.programs.ssi import ssi, ssi_eligible_people

MEDICAID_VALUE = "federal.cms.medicaid.spending_per_enrollee"
CHIP_VALUE = "federal.cms.chip.spending_per_enrollee"
DISREGARD = "federal.cms.medicaid.magi_disregard"
ADULT_AGE = 19
#: Young adults covered with children where a state chooses (42 U.S.C. 1396d(a)(i): under 21).
YOUNG_ADULT_MAX_AGE = 20
WEEKS_PER_MONTH = 52 / 12


def _state(c: Context, program: str) -> str:
    return f"states.{c.h.state.lower()}.{program}"


def _parameters(c: Context) -> tuple[str, ...]:
    return (
        _state(c, "medicaid"),
        _state(c, "chip"),
        "federal.hhs.poverty_guidelines",
        "federal.cms",
        "federal.ssa",  # SSI's income rules, for the poverty-level group and SSI recipients
        *husky_c.parameters(c),  # Connecticut's HUSKY C limit reads the TFA standards
    )


def magi_ratio(c: Context, when: date) -> np.ndarray:
    """MAGI household income as a fraction of the poverty guideline, (H, E)."""
    h = c.h
    size = h.size + (h.present & h.pregnant).sum(axis=1)
    return np.asarray(c(household_income) / poverty_guideline(c, size, when)[:, None])


def _limit(c: Context, name: str, when: date) -> float:
    return float(c.p(name, when)) + float(c.p(DISREGARD, when))


def medicaid_limit(c: Context, when: date) -> np.ndarray:
    """For each member, the highest Medicaid income limit of a group they belong to
    (fraction of poverty, with the disregard), or -inf; (H, M)."""
    h = c.h
    medicaid = _state(c, "medicaid")
    children = c.p(f"{medicaid}.child.income_limit", when)
    child = np.select(
        [h.age < 1, h.age <= 5, h.age < ADULT_AGE],
        [children["under_1"], children["age_1_to_5"], children["age_6_to_18"]],
        default=-np.inf,
    ) + float(c.p(DISREGARD, when))
    has_child = np.asarray((h.present & (h.age < ADULT_AGE)).any(axis=1))
    parent = (h.is_head | h.is_spouse) & has_child[:, None] & (h.age >= ADULT_AGE)
    limits = [
        child,
        np.where(parent, _limit(c, f"{medicaid}.parent_caretaker.income_limit", when), -np.inf),
        np.where(h.pregnant, _limit(c, f"{medicaid}.pregnant.income_limit", when), -np.inf),
    ]
    young = f"{medicaid}.young_adult.income_limit"
    if young in c.params:
        ages = (h.age >= ADULT_AGE) & (h.age <= YOUNG_ADULT_MAX_AGE)
        limits.append(np.where(ages, _limit(c, young, when), -np.inf))
    if c.p(f"{medicaid}.adult.covered", when):
        # Not entitled to Medicare (42 U.S.C. 1396a(a)(10)(A)(i)(VIII)).
        adult = (h.age >= ADULT_AGE) & (h.age < AGED) & ~h.medicare
        hours = f"{medicaid}.adult.monthly_work_hours"
        if hours in c.params:
            # NaN (hours not given) compares False: not shown to meet the requirement.
            works = h.head_weekly_hours * WEEKS_PER_MONTH >= float(c.p(hours, when))
            adult = adult & h.is_head & works[:, None]
        limits.append(np.where(adult, _limit(c, f"{medicaid}.adult.income_limit", when), -np.inf))
    return np.asarray(np.where(h.present, np.maximum.reduce(limits), -np.inf))


def ssi_recipients(c: Context, when: date) -> np.ndarray:
    """Members covered as SSI recipients wherever the household's SSI is above zero (42
    U.S.C. 1396a(a)(10)(A)(i)(II); 42 CFR 435.120), (H, M) (all False where no one gets SSI).

    SSI is paid to each eligible head or spouse (a couple on one computation), so they are
    covered at exactly the points where SSI is paid (``ssi_receipt``), with no income test
    of their own: a case of the by-level evaluation (``_variants``), not a limit on the
    MAGI ratio - SSI does not always fall as the ratio rises (a disabled worker on SSDI
    who earns past SGA loses SSDI, so the ratio falls and SSI can start). A section 209(b)
    state (``medicaid.ssi_recipients_covered`` false: Connecticut) tests SSI recipients by
    its own criteria, deducting the SSI and state supplementary payments from their income
    (42 U.S.C. 1396a(f); 42 CFR 435.121): that is its own aged and disabled group's test
    (HUSKY C, husky_c.py, which counts neither), applied to them with everyone else in
    ``aged_disabled``, so nobody is added here. A 209(b) state without such a group is
    refused.
    """
    people = c(ssi_eligible_people)
    if not people.any() or not c(ssi_receipt).any():
        return np.zeros_like(people)
    name = f"{_state(c, 'medicaid')}.ssi_recipients_covered"
    if not c.p(name):
        if husky_c.applies(c):
            return np.zeros_like(people)
        raise not_built(
            f"{c.h.state} Medicaid for aged, blind and disabled people (a section 209(b) state)",
            name,
            "medicaid",
        )
    paid = np.asarray(c(ssi_receipt).any(axis=1))
    return np.asarray(people & paid[:, None])


def ssi_receipt(c: Context) -> np.ndarray:
    """Where the household's SSI, as counted, is above zero, (H, E): a household that leaves
    SSI out (``programs``) has no SSI recipient."""
    return np.broadcast_to(c(ssi) > 0, c.shape)


def chip_limit(c: Context, when: date) -> np.ndarray:
    """For each member, the separate-CHIP income limit if their age is covered, or -inf."""
    h = c.h
    if not _separate_chip(c, when):
        return np.full(h.age.shape, -np.inf)
    ages = c.p(f"{_state(c, 'chip')}.age_range", when)
    covered = h.present & (h.age >= ages["min"]) & (h.age <= ages["max"])
    return np.asarray(
        np.where(covered, _limit(c, f"{_state(c, 'chip')}.income_limit", when), -np.inf)
    )


def _separate_chip(c: Context, when: date) -> bool:
    name = f"{_state(c, 'chip')}.separate_program"
    return name not in c.params or bool(c.p(name, when))


def _points(c: Context, when: date) -> np.ndarray:
    """Each household's distinct Medicaid and CHIP limits, where its members' eligibility can
    change along the sweep, (H, K)."""
    return breakpoints(c.monthly(medicaid_limit, when), c.monthly(chip_limit, when))


def _variants(c: Context, when: date) -> np.ndarray:
    """The members added to the by-level sets in each case a sweep point can be in, (V, H,
    M): the poverty-level group's cases (``aged_disabled.group_variants``: the unit fails
    its test, passes, or passes without a swept earner working above SGA), then the same
    cases with the SSI recipients (``ssi_recipients``) where SSI is paid at some point. V is
    0 where there is only one case, with nobody added."""
    group = c.monthly(group_people, when).any()
    recipients = c.monthly(ssi_recipients, when)
    if not group and not recipients.any():
        return np.zeros((0, *recipients.shape), dtype=bool)
    cases = c.monthly(group_variants, when) if group else np.zeros((1, *recipients.shape), bool)
    return np.concatenate([cases, cases | recipients]) if recipients.any() else cases


def _variant(c: Context, when: date) -> np.ndarray:
    """Which of ``_variants`` applies at each sweep point, (H, E): the group's case, in the
    second half where SSI is paid at that point."""
    group = c.monthly(group_people, when).any()
    variant = c.monthly(group_variant, when) if group else np.zeros(c.shape, np.intp)
    if not c.monthly(ssi_recipients, when).any():
        return variant
    half = len(c.monthly(_variants, when)) // 2
    return np.asarray(variant + half * c(ssi_receipt), dtype=np.intp)


def _level(c: Context, when: date) -> np.ndarray:
    """Where the MAGI ratio stands among the household's limits at each point (engine's
    ``level_index``), in the copy of the levels for the point's case (``_with_cases``),
    (H, E)."""
    points = c.monthly(_points, when)
    index = level_index(c.monthly(magi_ratio, when), points)
    variants = c.monthly(_variants, when)
    if not len(variants):
        return index
    width = points.shape[1] + 1
    blocks = len(variants)
    rows = np.arange(points.shape[0], dtype=np.intp)[:, None]
    return np.asarray(index + width * ((blocks - 1) * rows + c.monthly(_variant, when)))


def _with_cases(c: Context, when: date, by_level: np.ndarray, added: bool) -> np.ndarray:
    """A by-level member set (H, K + 1, M) repeated for each case of ``_variants``, with that
    case's members added if ``added``; (H, V(K + 1), M), or the set unchanged where there is
    one case."""
    variants = c.monthly(_variants, when)
    if not len(variants):
        return by_level
    blocks = [by_level | v[:, None, :] if added else by_level for v in variants]
    return np.ascontiguousarray(np.concatenate(blocks, axis=1))


def at_level(c: Context, when: date, table: np.ndarray) -> np.ndarray:
    """A per-level quantity (H, K + 1), such as a sum over ``medicaid_by_level``'s members,
    at each sweep point, (H, E)."""
    return at_levels(table, c.monthly(_level, when))


def medicaid_by_level(c: Context, when: date) -> np.ndarray:
    """Members eligible for Medicaid (MAGI ratio at most their limit, or in the poverty-level
    group) at each level, (H, L, M) (L = K + 1, or V times that: ``_with_cases``)."""
    within = within_by_level(c.monthly(_points, when), c.monthly(medicaid_limit, when))
    return _with_cases(c, when, within, added=True)


def aged_disabled_by_level(c: Context, when: date) -> np.ndarray:
    """Members covered through an aged or disabled group - as SSI recipients or in the
    poverty-level group - at each level, (H, L, M)."""
    points = c.monthly(_points, when)
    nobody = np.zeros((points.shape[0], points.shape[1] + 1, c.h.age.shape[1]), dtype=bool)
    return _with_cases(c, when, nobody, added=True)


def chip_by_level(c: Context, when: date) -> np.ndarray:
    """Children covered by the state's separate CHIP (above their Medicaid limit) at each level,
    (H, L, M)."""
    within = within_by_level(c.monthly(_points, when), c.monthly(chip_limit, when))
    within = _with_cases(c, when, within, added=False)
    return np.asarray(within & ~c.monthly(medicaid_by_level, when))


def _members(c: Context, when: date, by_level: np.ndarray) -> np.ndarray:
    """Members of a by-level set at each sweep point, (H, E, M)."""
    rows = by_level.reshape(-1, by_level.shape[2])
    return np.asarray(np.take(rows, c.monthly(_level, when), axis=0))


def medicaid_members(c: Context, when: date) -> np.ndarray:
    """Members eligible for Medicaid, (H, E, M)."""
    return _members(c, when, c.monthly(medicaid_by_level, when))


def chip_members(c: Context, when: date) -> np.ndarray:
    """Children covered by the state's separate CHIP (above their Medicaid limit), (H, E, M)."""
    return _members(c, when, c.monthly(chip_by_level, when))


def _medicaid_group_value(c: Context, when: date) -> np.ndarray:
    """Annual spending per enrollee for each member's group, (2, H, M): covered through a
    MAGI group (child or adult), and through an aged or disabled group (aged or disabled)."""
    table = c.p(MEDICAID_VALUE, when)[c.h.state.lower()]
    h = c.h
    magi = np.where(h.age < ADULT_AGE, float(table["child"]), float(table["adult"]))
    aged_disabled = np.where(h.age >= AGED, float(table["aged"]), float(table["disabled"]))
    return np.stack([magi, aged_disabled])


def medicaid_monthly(c: Context, when: date) -> np.ndarray:
    members = c.monthly(medicaid_by_level, when)
    magi, aged_disabled = c.monthly(_medicaid_group_value, when)
    groups = c.monthly(aged_disabled_by_level, when)
    if not groups.any():
        return at_level(c, when, weighted_count(members, magi) / 12)
    value = weighted_count(members & ~groups, magi) + weighted_count(groups, aged_disabled)
    return at_level(c, when, value / 12)


def chip_monthly(c: Context, when: date) -> np.ndarray:
    """Coverage value of CHIP children less the family's monthly premium."""
    members = c.monthly(chip_by_level, when)
    enrolled = at_level(c, when, member_any(members))
    if not enrolled.any():
        return np.zeros(c.shape)
    value = float(c.p(CHIP_VALUE, when)[c.h.state.lower()])
    covered = at_level(c, when, member_count(members) * value / 12)
    return np.asarray(covered - _premium(c, when, members, enrolled))


def _band(c: Context, name: str, when: date) -> np.ndarray:
    """The amount of the income band the family's MAGI ratio falls in, (H, E)."""
    brackets = c.p(name, when)
    thresholds = [float(b["threshold"]) for b in brackets]
    amounts = [0.0, *(float(b["amount"]) for b in brackets)]
    return step(c.monthly(magi_ratio, when), thresholds, amounts, inclusive=True)


def _premium(c: Context, when: date, members: np.ndarray, enrolled: np.ndarray) -> np.ndarray:
    """Monthly premium of families with a child in CHIP (``members`` by level, ``enrolled``
    at each point), (H, E)."""
    chip = _state(c, "chip")
    if f"{chip}.premium" in c.params:
        return np.asarray(_band(c, f"{chip}.premium", when) * enrolled)
    charged = members
    if f"{chip}.premium_min_age" in c.params:
        charged = members & (c.h.age >= float(c.p(f"{chip}.premium_min_age", when)))[:, None, :]
    count = at_level(c, when, member_count(charged))
    per_child = _band(c, f"{chip}.premium_per_child", when) * count
    total = np.minimum(per_child, _band(c, f"{chip}.premium_family_cap", when))
    if c.params[f"{chip}.premium_per_child"].unit == "USD":
        total = total / 12  # an annual enrollment fee, spread over the year
    return np.asarray(total)


def medicaid(c: Context) -> np.ndarray:
    return c.over_year(medicaid_monthly, _parameters(c))


def chip(c: Context) -> np.ndarray:
    return c.over_year(chip_monthly, _parameters(c))


def medicaid_enrollees(c: Context) -> np.ndarray:
    """Members covered by Medicaid in January (for explanation), (H, E)."""
    january = date(c.year, 1, 1)
    return at_level(c, january, member_count(c.monthly(medicaid_by_level, january)))


def chip_enrollees(c: Context) -> np.ndarray:
    january = date(c.year, 1, 1)
    return at_level(c, january, member_count(c.monthly(chip_by_level, january)))
