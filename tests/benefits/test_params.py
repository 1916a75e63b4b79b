"""The parameter format: dated values, refusal to carry values forward, and the whole tree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from openler.benefits.params import (
    PARAMETERS_DIR,
    Parameter,
    ParameterError,
    ParameterNotPublished,
    load_tree,
    parse_parameter,
)

DOC = {
    "description": "A rate.",
    "unit": "rate",
    "reference": [{"title": "26 U.S.C. 3101(a)", "href": "https://www.law.cornell.edu/"}],
    "values": {"2024-01-01": 0.1, "2025-01-01": 0.2},
    "in_force_until": "2025-12-31",
}


def test_value_on_a_date() -> None:
    p = parse_parameter("x.rate", DOC)
    assert p.at(date(2024, 6, 1)) == 0.1
    assert p.at(date(2025, 1, 1)) == 0.2
    assert p.at(date(2025, 12, 31)) == 0.2
    assert p.period_start(date(2025, 7, 1)) == date(2025, 1, 1)


def test_no_silent_carry_forward() -> None:
    p = parse_parameter("x.rate", DOC)
    with pytest.raises(
        ParameterNotPublished, match=r"x\.rate is published only through 2025-12-31"
    ):
        p.at(date(2026, 1, 1))
    with pytest.raises(ParameterNotPublished, match="no value before 2024-01-01"):
        p.at(date(2023, 12, 31))


def test_open_ended_statutory_value() -> None:
    p = parse_parameter("x.rate", {**DOC, "in_force_until": "open"})
    assert p.at(date(2040, 1, 1)) == 0.2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit": "dollars"}, "unit 'dollars' is not one of"),
        ({"reference": [{"title": "no link"}]}, "title and an href"),
        ({"values": {"2024-13-01": 1}}, "not a date"),
        ({"values": {"2024-01-01": [{"threshold": 5, "rate": 0.1}]}}, "start at 0"),
        ({"in_force_until": "2024-06-01"}, "before the newest value"),
    ],
)
def test_format_errors(change: dict[str, object], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        parse_parameter("x.rate", {**DOC, **change})


def test_missing_keys_are_named() -> None:
    with pytest.raises(ParameterError, match="missing reference, in_force_until"):
        parse_parameter("x", {"description": "d", "unit": "rate", "values": {}})


def test_tree_names_follow_paths(tmp_path: Path) -> None:
    folder = tmp_path / "federal" / "irs"
    folder.mkdir(parents=True)
    import yaml

    (folder / "rate.yaml").write_text(yaml.safe_dump(DOC))
    tree = load_tree(tmp_path)
    assert list(tree) == ["federal.irs.rate"]
    assert tree.value("federal.irs.rate", date(2024, 3, 1)) == 0.1
    with pytest.raises(ParameterError, match="No parameter is named"):
        tree["federal.irs.nope"]


def test_every_shipped_parameter_is_valid_and_cited() -> None:
    tree = load_tree(PARAMETERS_DIR)  # raises on any malformed file
    for parameter in tree.values():
        assert parameter.references, parameter.name
        assert all(r.href.startswith("https://") for r in parameter.references), parameter.name


def test_parsed_files_are_reused_until_the_file_changes(tmp_path: Path) -> None:
    from openler.benefits.params import ParsedFiles

    source = tmp_path / "p.yaml"
    document = (
        "description: A test value.\nunit: USD\nreference:\n  - {title: T, href: https://x}\n"
        "values:\n  2024-01-01: {value}\nin_force_until: 2024-12-31\n"
    )
    source.write_text(document.replace("{value}", "1"))
    first = ParsedFiles(tmp_path / "cache")
    assert first.read("p", source).values == (1,)
    first._save()  # what happens at exit
    second = ParsedFiles(tmp_path / "cache")
    assert second.read("p", source).values == (1,)
    assert second.dirty is False  # served from the cache, nothing parsed again
    source.write_text(document.replace("{value}", "22"))  # a new size: the cache is stale
    assert second.read("p", source).values == (22,)


def test_a_cache_written_by_another_version_is_removed(tmp_path: Path) -> None:
    from openler.benefits.params import ParsedFiles

    source = tmp_path / "p.yaml"
    source.write_text(
        "description: A test value.\nunit: USD\nreference:\n  - {title: T, href: https://x}\n"
        "values:\n  2024-01-01: 1\nin_force_until: 2024-12-31\n"
    )
    old = ParsedFiles(tmp_path / "cache", stamp="old")
    old.read("p", source)
    old._save()
    new = ParsedFiles(tmp_path / "cache", stamp="new")
    new.read("p", source)
    new._save()
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["parameters-new.pickle"]


def _still_missing_2026() -> str:
    """The "Still missing for 2026" section of docs/benefits.md."""
    text = (Path(__file__).parents[2] / "docs" / "benefits.md").read_text()
    section = text.split("#### Still missing for 2026", 1)[1]
    return section.split("\n#", 1)[0]


def _covers_2026(p: Parameter) -> bool:
    try:
        for month in range(1, 13):
            p.at(date(2026, month, 1))
    except ParameterNotPublished:
        return False
    return True


def test_every_2026_gap_is_documented() -> None:
    # A parameter that leaves some month of 2026 unpublished makes a 2026 household fail;
    # docs/benefits.md must name it (in full, with <st> for the state, or by a dotted tail)
    # so a caseworker knows the error is a known gap, not a bug. Filling a gap never fails
    # this test; a new gap does until it is documented.
    section = _still_missing_2026()
    undocumented = []
    tree = load_tree()
    for name in sorted(tree):
        if _covers_2026(tree[name]):
            continue
        parts = name.split(".")
        if parts[0] == "states":
            parts[1] = "<st>"
        elif parts[:2] == ["federal", "hud"]:
            parts[-1] = "<st>"
        # The full name (state code as <st>) or any dotted tail of it, in backticks.
        forms = {name} | {".".join(parts[i:]) for i in range(len(parts))}
        if not any(f"`{form}`" in section for form in forms):
            undocumented.append(name)
    assert undocumented == []
