"""Run OpenLER's cross-check households through PolicyEngine-US.

This script runs in a SEPARATE virtual environment that has policyengine-us installed
(AGPL); OpenLER never imports PolicyEngine. It reads households in OpenLER's format and an
earnings sweep, and writes PolicyEngine's values per program as JSON.

    /tmp/pe-venv/bin/python run_policyengine.py households.json out.json
"""

from __future__ import annotations

import json
import sys
import time

from policyengine_us import Simulation

# OpenLER column -> (PolicyEngine variable, how to aggregate to the household)
VARIABLES = {
    "payroll_tax": "employee_payroll_tax",
    "income_tax_before_refundable_credits": "income_tax_before_refundable_credits",
    "eitc": "eitc",
    "ctc_refundable": "refundable_ctc",
    "ssi": "ssi",
    "tanf": "tanf",
    "snap": "snap",
    "school_meals": "school_meal_net_subsidy",
    "wic": "wic",
    "head_start": "head_start",
    "housing": "housing_assistance",
    "medicaid_enrollees": "is_medicaid_eligible",
    "chip_enrollees": "is_chip_eligible",
    "state_income_tax_net": "state_income_tax",
}
#: PolicyEngine variables added to a compared one, by state, so that both sides count the
#: same thing: Maine's 2025 affordability payment, a direct payment from a special revenue
#: fund (L.D. 2212, Part T, sec. T-1), not a credit on the return, which PolicyEngine counts
#: among Maine's refundable credits (lowering state_income_tax) and OpenLER leaves out; and
#: Connecticut's State Supplement (AABD), which OpenLER pays in its `ssi` column and
#: PolicyEngine in a variable of its own.
ADD_BACK = {
    "state_income_tax_net": {"ME": "me_affordability_payment"},
    "ssi": {"CT": "ct_ssp"},
}


#: Programs a caller may hold out of both models (compare.py --without), by the
#: PolicyEngine take-up input that turns each off: a held-out voucher leaves the rent as
#: paid, so SNAP's shelter deduction sees the same rent on both sides.
TAKE_UP = {
    "housing": ("spm_unit", "takes_up_housing_assistance_if_eligible"),
    "head_start": ("person", "takes_up_head_start_if_eligible"),
}


def situation(
    household: dict,
    points: int,
    top: float,
    rent_as_paid: bool = False,
    without: tuple[str, ...] = (),
) -> dict:
    year = household["year"]
    off = {TAKE_UP[program] for program in without}
    members = household["members"]
    earner = household.get("earner") or next(
        m["id"] for m in members if m["relationship"] == "head"
    )
    ordered = sorted(members, key=lambda m: m["id"] != earner)  # axes vary person 0
    people = {}
    for m in ordered:
        person = {"age": {year: m["age"]}, "employment_income": {year: m.get("earnings", 0)}}
        if m.get("disabled"):
            person["is_disabled"] = {year: True}
        if m.get("pregnant"):
            person["is_pregnant"] = {year: True}
        if m.get("childcare_expense"):
            person["pre_subsidy_childcare_expenses"] = {year: m["childcare_expense"]}
        if m.get("medical_expense"):
            person["other_medical_expenses"] = {year: m["medical_expense"]}
        person.update({v: {year: False} for entity, v in off if entity == "person"})
        if m["relationship"] == "head":
            # PolicyEngine lowers pre_subsidy_rent by housing assistance it imputes; a caller
            # comparing a family without a voucher gives the rent as paid instead.
            rent_variable = "rent" if rent_as_paid else "pre_subsidy_rent"
            person[rent_variable] = {year: household.get("expenses", {}).get("rent", 0)}
        people[m["id"]] = person
    unit = [m["id"] for m in ordered if m["relationship"] != "other_adult"]
    everyone = [m["id"] for m in ordered]
    couple = [m["id"] for m in ordered if m["relationship"] in ("head", "spouse")]
    return {
        "people": people,
        "tax_units": {"tax_unit": {"members": unit}},
        "families": {"family": {"members": everyone}},
        "marital_units": {"marital_unit": {"members": couple}},
        # Florida's SNAP utility allowance applies to households with heating/cooling costs.
        "spm_units": {
            "spm_unit": {
                "members": everyone,
                "has_heating_cooling_expense": {year: True},
                **{v: {year: False} for entity, v in off if entity == "spm_unit"},
            }
        },
        "households": {
            "household": {
                "members": everyone,
                "state_code": {year: household["state"]},
                "county_fips": {year: household.get("county_fips", "")},
                # The voucher's bedrooms as OpenLER sizes it (HUD's two persons per bedroom);
                # PolicyEngine's default of 0 would price every family at the efficiency FMR.
                **({"bedrooms": {year: household["bedrooms"]}} if "bedrooms" in household else {}),
            }
        },
        "axes": [
            [{"name": "employment_income", "count": points, "min": 0, "max": top, "period": year}]
        ],
    }


def batched(households: list, points: int, top: float) -> dict:
    """All households in one situation, one parallel earnings axis per household's earner."""
    combined: dict = {
        k: {}
        for k in ("people", "tax_units", "families", "marital_units", "spm_units", "households")
    }
    axes = []
    for n, household in enumerate(households):
        one = situation(household, points, top)
        axis = one.pop("axes")[0][0]
        renamed = {pid: f"h{n}_{pid}" for pid in one["people"]}
        for pid, person in one["people"].items():
            combined["people"][renamed[pid]] = person
        for group, units in one.items():
            if group == "people":
                continue
            for name, unit in units.items():
                combined[group][f"h{n}_{name}"] = {
                    **unit,
                    "members": [renamed[m] for m in unit["members"]],
                }
        first = next(iter(renamed.values()))
        axes.append({**axis, "index": list(combined["people"]).index(first)})
    combined["axes"] = [axes]
    return combined


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    with open(source) as handle:
        spec = json.load(handle)
    out = []
    started = time.perf_counter()
    if spec.get("batch"):
        sim = Simulation(situation=batched(spec["households"], spec["points"], spec["top"]))
        for variable in VARIABLES.values():
            sim.calculate(variable, spec["households"][0]["year"], map_to="household")
        with open(target, "w") as handle:
            json.dump({"seconds": time.perf_counter() - started}, handle)
        return
    variables = spec.get("variables", VARIABLES)  # a caller may ask for fewer
    for household in spec["households"]:
        sim = Simulation(
            situation=situation(
                household,
                spec["points"],
                spec["top"],
                spec.get("rent_as_paid", False),
                tuple(spec.get("without", ())),
            )
        )
        row = {}
        for column, variable in variables.items():
            try:
                values = sim.calculate(variable, household["year"], map_to="household")
                extra = ADD_BACK.get(column, {}).get(household["state"])
                if extra:
                    values = values + sim.calculate(extra, household["year"], map_to="household")
                row[column] = [float(v) for v in values]
            except Exception as exc:  # report, do not stop the whole cross-check
                row[column] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        out.append(row)
    elapsed = time.perf_counter() - started
    with open(target, "w") as handle:
        json.dump({"results": out, "seconds": elapsed}, handle)


if __name__ == "__main__":
    main()
