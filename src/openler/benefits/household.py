"""Households: the public input format, its validation, and households as arrays.

The input format is a stable public contract, documented by the JSON Schema in
``schema/household.schema.json`` (generated from :class:`HouseholdIn`; a test keeps them in
step). Inside the engine a batch of households is a struct of arrays: one row per household,
members padded to the largest household, so that every rule is a few numpy operations over
the whole batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from openler.benefits.geography import check_state, resolve_county
from openler.errors import ValidationError as InputError

EXPENSE_ITEMS = ("rent", "utilities", "childcare", "food", "health", "transportation", "other")
#: The youngest age at which a person may head a household in our input. Younger heads are
#: almost always a data-entry mistake (a child listed first); emancipated minors heading a
#: household are rare enough that we ask for them to be entered as 18.
MIN_HEAD_AGE = 18
MAX_MEMBERS = 20
#: Medicare entitlement at 65 (42 U.S.C. 426(a)).
MEDICARE_AGE = 65

#: Program columns a household may list under ``enrolled`` or ``programs``.
Program = Literal[
    "snap",
    "wic",
    "school_meals",
    "medicaid",
    "chip",
    "aca_ptc",
    "medicare_savings",
    "ccdf",
    "head_start",
    "tanf",
    "housing",
    "ssi",
    "ssdi",
    "eitc",
    "ctc",
    "cdctc",
    "state_credits",
]
PROGRAMS: tuple[str, ...] = get_args(Program)
Money = Annotated[float, Field(ge=0, le=10_000_000)]


class MemberIn(BaseModel):
    """One person in the household."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=40, description="Unique within the household")
    age: int = Field(ge=0, le=120)
    relationship: Literal["head", "spouse", "child", "other_adult"]
    disabled: bool = False
    pregnant: bool = False
    weekly_hours: float | None = Field(None, ge=0, le=168, description="Hours of paid work a week")
    snap_time_limit_used: bool = Field(
        False,
        description="SNAP: this adult has already received the 3 countable months the time limit "
        "for able-bodied adults without dependents allows in the current 36-month period, and "
        "lives where it is not waived (7 CFR 273.24(b)); SNAP then needs 20 hours of work a week "
        "unless an exemption applies. Left false, the time limit is not applied",
    )
    earnings: Money | None = Field(
        None, description="Annual earnings, for members whose earnings are not swept"
    )
    ssdi_monthly: Money | None = Field(None, description="Monthly SSDI benefit received")
    medicare: bool | None = Field(
        None,
        description="Entitled to Medicare (Part A or B). Left out: taken as entitled at 65 or "
        "older, or when disabled and receiving SSDI (past the 24-month waiting period, 42 U.S.C. "
        "426(a), (b)); Florida's MEDS-AD group excludes people with Medicare",
    )
    childcare_expense: Money | None = Field(
        None,
        description="Annual childcare cost for this child, before any subsidy; 0 for no paid "
        "care; left out, a child in care is priced at the state's market rate",
    )
    job_started: str | None = Field(
        None,
        pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
        description="YYYY-MM: the month this member's job began (first wages), no later than "
        "January of the year modelled (the member's earnings are taken as earned in every month "
        "of it). For a family already receiving TANF (`enrolled`), rules that disregard a new "
        "job's earnings apply: Alabama disregards them in the first twelve months in which "
        "wages are received (Ala. Admin. Code r. 660-2-2-.30(2)(a)). Left out: an ongoing job",
    )
    medical_expense: Money = Field(
        0,
        description="Annual out-of-pocket medical costs of this member that no insurance or "
        "other program pays (prescriptions, copays, dental, premiums other than Medicare Part "
        "B, which is computed), for SNAP's excess medical deduction when the member is 60 or "
        "older or disabled (7 CFR 273.9(d)(3)) and a housing voucher's medical deduction for an "
        "elderly or disabled family (24 CFR 5.611(a)(3)). The budget's health line is separate "
        "(expenses.health replaces it)",
    )


class ExpensesIn(BaseModel):
    """The household's own annual expenses; each replaces the default budget's item."""

    model_config = ConfigDict(extra="forbid")

    rent: Money | None = None
    utilities: Money | None = None
    childcare: Money | None = None
    food: Money | None = None
    health: Money | None = None
    transportation: Money | None = None
    other: Money | None = None


class HouseholdIn(BaseModel):
    """A household, as given by a person or a program (see the JSON Schema)."""

    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2024, le=2026, description="The tax and benefit year modelled")
    state: str = Field(min_length=2, max_length=2, description="Two-letter state code")
    county: str | None = Field(
        None,
        description="County name as the Census writes it (2020 list; Connecticut: also a "
        "planning region)",
    )
    county_fips: str | None = Field(None, pattern=r"^\d{5}$", description="5-digit county FIPS")
    members: list[MemberIn] = Field(min_length=1, max_length=MAX_MEMBERS)
    earner: str | None = Field(None, description="Member whose earnings the sweep varies")
    expenses: ExpensesIn = Field(default_factory=ExpensesIn)
    bedrooms: int | None = Field(None, ge=0, le=8)
    assets: Money = 0.0
    employer_health_insurance: bool = Field(
        False,
        description="The family is offered employer health coverage (taken as affordable for "
        "everyone: no premium tax credit; the default health budget charges the employee's "
        "average share of the premium instead of the marketplace premium)",
    )
    enrolled: list[Program] = Field(default_factory=list)
    programs: list[Program] | None = Field(
        None, description="Only these programs count; default: every program"
    )

    @model_validator(mode="after")
    def _check_members(self) -> HouseholdIn:
        # Raised as our own error (not ValueError) so that it names the field it is about.
        ids = [m.id for m in self.members]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise InputError(
                f"members: ids must be unique; repeated: {', '.join(duplicates)}", field="members"
            )
        heads = [m for m in self.members if m.relationship == "head"]
        if len(heads) != 1:
            raise InputError(
                f"members: exactly one member must be the head, not {len(heads)}", field="members"
            )
        if heads[0].age < MIN_HEAD_AGE:
            raise InputError(
                f"members: the head must be at least {MIN_HEAD_AGE} years old (a child cannot "
                "head the household); list the parent or guardian as head",
                field="members",
            )
        if sum(m.relationship == "spouse" for m in self.members) > 1:
            raise InputError("members: at most one member can be the spouse", field="members")
        for n, member in enumerate(self.members):
            if member.job_started is not None and member.job_started > f"{self.year}-01":
                raise InputError(
                    f"members.{n}.job_started: {member.job_started} is after January {self.year}; "
                    "earnings are taken as earned in every month of the year, so give a month no "
                    f"later than {self.year}-01",
                    field=f"members.{n}.job_started",
                )
        if self.earner is not None and self.earner not in ids:
            raise InputError(
                f"earner: {self.earner!r} is not the id of a member ({', '.join(ids)})",
                field="earner",
            )
        return self

    @property
    def earner_id(self) -> str:
        return self.earner or next(m.id for m in self.members if m.relationship == "head")


def _field_of(error: Any) -> str:
    return ".".join(str(part) for part in error["loc"]) or "household"


def parse_household(document: Any, *, year: int | None = None) -> tuple[HouseholdIn, str]:
    """Validate one household document; return it and its county FIPS code.

    Raises our ValidationError naming the first wrong field and what is allowed.
    """
    if isinstance(document, dict) and year is not None:
        document = {**document, "year": year}
    try:
        household = HouseholdIn.model_validate(document)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = _field_of(error)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "is not a field of the household format (see household.schema.json)"
        raise InputError(f"{field}: {message}", field=field) from None
    check_state(household.state)
    county = resolve_county(household.state, household.county, household.county_fips)
    return household, county.fips


def household_schema() -> dict[str, Any]:
    schema = HouseholdIn.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://openler.org/schema/household.schema.json"
    return schema


@dataclass(frozen=True)
class Households:
    """A batch of H households with up to M members each, as arrays.

    Member arrays have shape (H, M); ``present`` marks real members (the rest is padding).
    """

    year: int
    state: str
    county_fips: tuple[str, ...]
    present: np.ndarray
    age: np.ndarray
    is_head: np.ndarray
    is_spouse: np.ndarray
    is_child: np.ndarray
    is_other_adult: np.ndarray
    is_earner: np.ndarray
    disabled: np.ndarray
    pregnant: np.ndarray
    fixed_earnings: np.ndarray
    ssdi_monthly: np.ndarray
    medicare: np.ndarray  # (H, M): given, or inferred from age and SSDI (MemberIn.medicare)
    childcare_expense: np.ndarray  # 0 where not given
    medical_expense: np.ndarray  # (H, M) annual, 0 where not given
    job_started: np.ndarray  # (H, M) the job's first month as year * 12 + month - 1; -1: none
    childcare_given: np.ndarray  # whether the member's childcare_expense was given
    head_weekly_hours: np.ndarray  # NaN where not given
    weekly_hours: np.ndarray  # (H, M), NaN where not given
    snap_time_limit_used: np.ndarray  # (H, M)
    bedrooms: np.ndarray
    assets: np.ndarray
    employer_health_insurance: np.ndarray
    expenses: dict[str, np.ndarray]  # NaN where the household gave no figure
    enrolled: dict[str, np.ndarray]
    counts: dict[str, np.ndarray]  # whether each program counts toward resources

    @cached_property
    def size(self) -> np.ndarray:
        """Members of each household, (H,): counted once (rules ask for it often), read-only."""
        size = np.asarray(self.present.sum(axis=1))
        size.flags.writeable = False
        return size

    def __len__(self) -> int:
        return int(self.present.shape[0])


def to_arrays(households: Sequence[tuple[HouseholdIn, str]]) -> Households:
    """Households of one state and year as arrays (the engine groups batches that way)."""
    first = households[0][0]
    if any(h.state.upper() != first.state.upper() or h.year != first.year for h, _ in households):
        raise InputError("to_arrays takes households of one state and year.", field="state")
    n, m = len(households), max(len(h.members) for h, _ in households)

    # Every member once, with its (household, slot) position: each array is then filled in
    # one vectorized assignment instead of element by element.
    pairs = [(h, member) for h, _ in households for member in h.members]
    rows = np.repeat(np.arange(n), [len(h.members) for h, _ in households])
    slots = np.concatenate([np.arange(len(h.members)) for h, _ in households])

    def member_array(getter: Any, dtype: Any, fill: Any = 0) -> np.ndarray:
        out = np.full((n, m), fill, dtype=dtype)
        out[rows, slots] = np.array([getter(h, member) for h, member in pairs], dtype=dtype)
        return out

    expenses = {
        item: np.array(
            [
                np.nan if getattr(h.expenses, item) is None else getattr(h.expenses, item)
                for h, _ in households
            ]
        )
        for item in EXPENSE_ITEMS
    }
    return Households(
        year=first.year,
        state=first.state.upper(),
        county_fips=tuple(fips for _, fips in households),
        present=member_array(lambda h, p: True, bool, False),
        age=member_array(lambda h, p: p.age, np.int16),
        is_head=member_array(lambda h, p: p.relationship == "head", bool, False),
        is_spouse=member_array(lambda h, p: p.relationship == "spouse", bool, False),
        is_child=member_array(lambda h, p: p.relationship == "child", bool, False),
        is_other_adult=member_array(lambda h, p: p.relationship == "other_adult", bool, False),
        is_earner=member_array(lambda h, p: p.id == h.earner_id, bool, False),
        disabled=member_array(lambda h, p: p.disabled, bool, False),
        pregnant=member_array(lambda h, p: p.pregnant, bool, False),
        fixed_earnings=member_array(
            lambda h, p: 0.0 if p.id == h.earner_id else (p.earnings or 0.0), float
        ),
        ssdi_monthly=member_array(lambda h, p: p.ssdi_monthly or 0.0, float),
        medicare=member_array(lambda h, p: _medicare(p), bool, False),
        childcare_expense=member_array(lambda h, p: p.childcare_expense or 0.0, float),
        medical_expense=member_array(lambda h, p: p.medical_expense, float),
        job_started=member_array(lambda h, p: _month_index(p.job_started), np.int32, -1),
        childcare_given=member_array(lambda h, p: p.childcare_expense is not None, bool, False),
        head_weekly_hours=np.array([_head_hours(h) for h, _ in households], dtype=float),
        weekly_hours=member_array(
            lambda h, p: np.nan if p.weekly_hours is None else p.weekly_hours, float, np.nan
        ),
        snap_time_limit_used=member_array(lambda h, p: p.snap_time_limit_used, bool, False),
        bedrooms=np.array([_bedrooms(h) for h, _ in households], dtype=np.int16),
        assets=np.array([h.assets for h, _ in households]),
        employer_health_insurance=np.array([h.employer_health_insurance for h, _ in households]),
        expenses=expenses,
        enrolled={p: np.array([p in h.enrolled for h, _ in households]) for p in PROGRAMS},
        counts={
            p: np.array([h.programs is None or p in h.programs for h, _ in households])
            for p in PROGRAMS
        },
    )


def _month_index(month: str | None) -> int:
    """A YYYY-MM month as year * 12 + month - 1 (months count by subtraction); -1 for none."""
    if month is None:
        return -1
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _medicare(member: MemberIn) -> bool:
    """Medicare entitlement as given, else at 65 or on SSDI while disabled (MemberIn.medicare)."""
    if member.medicare is not None:
        return member.medicare
    return member.age >= MEDICARE_AGE or (member.disabled and (member.ssdi_monthly or 0) > 0)


def _head_hours(household: HouseholdIn) -> float:
    head = next(m for m in household.members if m.relationship == "head")
    return np.nan if head.weekly_hours is None else head.weekly_hours


def _bedrooms(household: HouseholdIn) -> int:
    """HUD's occupancy standard of two persons per bedroom (24 CFR 982.402(b)), unless given."""
    if household.bedrooms is not None:
        return household.bedrooms
    return max(1, (len(household.members) + 1) // 2)
