"""Connecticut's State Supplement to the Aged, Blind or Disabled (AABD; Conn. Gen. Stat.
17b-600 ff., DSS Uniform Policy Manual 4005, 4520, 5030): a state-funded cash payment on top
of federal SSI, worked out as a budget (SSA, State Assistance Programs for SSI Recipients,
2011, Connecticut: "a housing allowance, basic needs items, minus countable income").

The unit is the head and spouse who are aged (65+) or disabled adults - the people SSI is
computed for. Each month:

- need = the personal needs allowance (for each member of an eligible couple the married
  one) plus the shelter costs actually paid, up to $400 for a unit living alone (nobody in
  the home but the spouse) or $200 for one living with others;
- countable income = for each member, unearned income - Social Security and the federal SSI
  paid (a couple's is paid half to each) - less the standard unearned disregard, plus
  earnings less $65 and half the rest (UPM 5030.15, 5030.10: each member's disregards from
  their own income);
- the payment is need less countable income, if positive, where assets are within $1,600
  (single) or $2,400 (couple).

The program's other income test, gross income at most three times the SSI individual rate per
eligible person (DSS fact sheet), cannot bind at home: countable income under the need
(at most about $600 a person) leaves gross income under $1,800, against a limit near $2,900.
It matters in boarding homes, whose rates enter the need; those are not modelled.

People with Social Security above the SSI limit are eligible too: the program serves "SSI
or Title II recipients" (SSA 2011). SSI does not count this payment as income: assistance
based on need wholly funded by a state is excluded (20 CFR 416.1124(c)(2)).

With a housing voucher the shelter counted is the rent the family pays after it, and the
voucher counts this payment as income (24 CFR 5.609): the two are found together
(``_with_voucher``). The voucher's child-care deduction inside that computation is taken on
the care cost before Head Start and CCDF (those read SSI, this payment included).

An eligible person living with a spouse who is neither aged nor disabled has the single
allowance and the spouse's income deemed: Connecticut holds spouses financially responsible
for each other (SSA 2011: "Financial responsibility of relatives: Spouse for spouse"). DSS's
deeming section was not found, so the amount deemed is the one federal SSI deems (20 CFR
416.1163, ``deemed_from_spouse`` in ssi.py: the spouse's income less an allocation for each
child, deemed only above the couple rate less the individual rate), added to the person's
own income before the disregards. An assumption, named in the docs.

Assumptions, stated because the household format cannot tell: the standard unearned
disregard for everyone (a higher one applies to people living with unrelated persons, whom
the format cannot tell from relatives: this understates their payment); an eligible couple
is one budget with one shelter allowance. Not modelled: boarding homes,
residential care and nursing facilities, special needs (therapeutic diets), blind people's
$85 disregard and blind children.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from openler.benefits.costs import rent_monthly
from openler.benefits.engine import Context
from openler.benefits.programs import housing
from openler.benefits.programs.common import income_support_parameters
from openler.benefits.programs.dispatch import leave_out_hint, with_leave_out_hint
from openler.benefits.programs.ssi import (
    deemed_from_spouse,
    federal_ssi,
    member_income,
    ssi_eligible_people,
)

PREFIX = "states.ct.ssi"
#: The disregards and asset limits AABD shares with HUSKY C (UPM 4005.10, 5030.10, 5030.15).
SHARED = "states.ct.medicaid.aged_disabled"
#: Rounds of the payment and the voucher found together, which stop once no payment moves by
#: more than ``_SETTLED`` dollars (0.3 ** 20 of a $400 shortfall is 1.4e-8).
_ROUNDS = 40
_SETTLED = 1e-8


def applies(c: Context) -> bool:
    """Whether the household's state pays this supplement (Connecticut)."""
    return c.h.state == "CT" and f"{PREFIX}.personal_needs_allowance" in c.params


def supplement(c: Context) -> np.ndarray:
    """Annual AABD payments of the head and spouse, (H, E)."""
    if not c(ssi_eligible_people).any():
        return np.zeros(c.shape)
    prefixes = (PREFIX, SHARED, *income_support_parameters(c))
    return with_leave_out_hint("ssi", lambda: c.over_year(monthly_supplement, prefixes))


def monthly_supplement(c: Context, when: date) -> np.ndarray:
    """The month's AABD payment of each household's unit, (H, E)."""
    h = c.h
    people = c(ssi_eligible_people)
    rows = np.flatnonzero(people.any(axis=1))
    size = people.sum(axis=1)[rows]
    couple = size == 2
    federal = c(federal_ssi)[rows] / 12 / size[:, None]  # each member's share
    unearned_disregard = float(c.p(f"{SHARED}.unearned_income_disregard", when))
    earned_disregard = float(c.p(f"{SHARED}.earned_income_disregard", when))
    rate = float(c.p(f"{SHARED}.earned_income_disregard_rate", when))
    # An ineligible spouse's income, where deemed, joins the eligible person's own.
    spouse_unearned, spouse_earned = c(_spouse_income)
    countable = np.zeros((len(rows), c.shape[1]))
    for role in (h.is_head, h.is_spouse):
        person = people & role
        unearned, earned = member_income(c, person, rows)
        present = person[rows].any(axis=1)[:, None]
        unearned = unearned + (federal + spouse_unearned) * present
        earned = earned + spouse_earned * present
        countable += np.maximum(unearned - unearned_disregard, 0.0)
        countable += np.maximum(earned - earned_disregard, 0.0) * (1 - rate)

    allowance = c.p(f"{PREFIX}.personal_needs_allowance", when)
    personal = size * np.where(couple, float(allowance["married"]), float(allowance["single"]))
    others = (h.present & ~(h.is_head | h.is_spouse)).any(axis=1)[rows]
    caps = c.p(f"{PREFIX}.shelter_allowance_maximum", when)
    cap = np.where(others, float(caps["shared"]), float(caps["alone"]))[:, None]
    assets = c.p(f"{SHARED}.resource_limit", when)
    asset_limit = np.where(couple, float(assets["couple"]), float(assets["individual"]))
    eligible = (h.assets[rows] <= asset_limit)[:, None]
    rent = c.monthly(rent_monthly, when)[rows][:, None]

    def payment(shelter: np.ndarray) -> np.ndarray:
        need = personal[:, None] + np.minimum(shelter, cap)
        return np.asarray(np.where(eligible, np.maximum(need - countable, 0.0), 0.0))

    paid = payment(rent)
    if h.counts["housing"][rows].any():
        paid = _with_voucher(c, when, rows, rent, payment, paid)
    total = np.zeros(c.shape)
    total[rows] = paid
    return total


def _spouse_income(c: Context) -> np.ndarray:
    """The monthly (unearned, earned) income of the ineligible spouse of each eligible person
    where federal SSI deems it (20 CFR 416.1163), else 0, for the households with eligible
    people (the rows of ``monthly_supplement``), (2, r, E) or (2, r, 1): the same every
    month of the year."""
    people = c(ssi_eligible_people)
    rows = np.flatnonzero(people.any(axis=1))
    deemed = deemed_from_spouse(c, people, rows)
    if deemed is None:
        return np.zeros((2, len(rows), 1))
    unearned, earned, applies = deemed
    return np.stack([unearned * applies, earned * applies])


def _with_voucher(
    c: Context,
    when: date,
    rows: np.ndarray,
    rent: np.ndarray,
    payment: Callable[[np.ndarray], np.ndarray],
    paid: np.ndarray,
) -> np.ndarray:
    """The payment where a housing voucher pays part of the rent: the shelter counted is the
    rent the family pays, and the voucher counts this payment as income (24 CFR 5.609), so
    each depends on the other. Starting from the payment on the whole rent, each round takes
    the rent left by the voucher at the last round's payment. The payment rises with the
    rent left, which rises by at most 30 cents per dollar of income, so the rounds fall
    steadily to the largest consistent payment; a shortfall shrinks at least 70% a round."""
    base = housing.income_but_state_supplement_monthly(c, when)[rows]
    counted = c.h.counts["housing"][rows][:, None]
    # The voucher's child-care deduction on the care cost before Head Start and CCDF: those
    # read SSI, this payment included, so cannot enter its own computation (a family with a
    # child in either has its payment reckoned on a slightly larger deduction).
    care = c(housing.care_deduction_before_help)[rows]
    # A voucher table missing for the month is the voucher's gap: leave housing out.
    with leave_out_hint("housing"):
        subsidy = housing.subsidy_for(c, when, rows, care)
    for _ in range(_ROUNDS):
        following = payment(np.maximum(rent - subsidy(base + paid) * counted, 0.0))
        settled = np.max(np.abs(following - paid), initial=0.0) <= _SETTLED
        paid = following
        if settled:
            break
    return paid
