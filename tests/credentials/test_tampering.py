"""Property: any single change to a signed credential's content makes verification fail."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from openler.credentials.dids import DidResolver
from openler.credentials.keys import Ed25519KeyPair
from openler.credentials.proofs import sign, verify_proofs
from openler.credentials.suites import SUITES
from tests.credentials.core_support import small_badge

KEY = Ed25519KeyPair.from_seed(bytes(range(32)))
DID = f"did:key:{KEY.public_multibase}"
SIGNED = {
    name: sign(
        small_badge(DID),
        KEY,
        created="2025-01-15T00:00:00Z",
        suite=SUITES[name],
        verification_method=f"{DID}#{KEY.public_multibase}",
    )
    for name in ("eddsa-rdfc-2022", "eddsa-jcs-2022")
}


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _leaves(value, (*path, key))]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in _leaves(value, (*path, i))]
    return [path]


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


@pytest.mark.parametrize("suite", sorted(SIGNED))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_single_change_is_rejected(suite: str, data: st.DataObject) -> None:
    signed = copy.deepcopy(SIGNED[suite])
    path = data.draw(st.sampled_from(_leaves(signed)), label="path")
    parent = _parent(signed, path)
    if data.draw(st.booleans(), label="delete"):
        del parent[path[-1]]
    else:
        new = data.draw(st.one_of(st.text(max_size=12), st.integers(), st.booleans()), "value")
        assume(new != parent[path[-1]])
        parent[path[-1]] = new
    results = verify_proofs(signed, DidResolver())
    assert not all(r.ok for r in results), f"change at {path} was not detected"


@pytest.mark.parametrize("suite", sorted(SIGNED))
def test_the_unchanged_credential_verifies(suite: str) -> None:
    assert [r.ok for r in verify_proofs(SIGNED[suite], DidResolver())] == [True]


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda kids: (
            st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3)
        ),
        max_leaves=8,
    )
)
@settings(max_examples=60, deadline=None)
def test_malformed_input_never_crashes(value: Any) -> None:
    document = value if not isinstance(value, dict) else {**value, "proof": value}
    results = verify_proofs(document, DidResolver())
    assert results
    assert not any(r.ok for r in results)
