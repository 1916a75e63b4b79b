"""The fast JCS path gives exactly the bytes of the rfc8785 package (RFC 8785)."""

from __future__ import annotations

from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from openler.credentials.contexts import default_loader
from openler.credentials.proof_errors import ProofError
from openler.credentials.suites.eddsa_jcs_2022 import jcs_bytes

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**53) + 1, 2**53 - 1),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    st.floats(allow_nan=False, allow_infinity=False),
)  # fmt: skip
_JSON = st.recursive(
    _SCALARS,
    lambda kids: (
        st.lists(kids, max_size=4)
        | st.dictionaries(
            st.text(alphabet=st.characters(codec="utf-8"), max_size=6), kids, max_size=4
        )
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(max_size=6), _JSON, max_size=5))
def test_jcs_bytes_equal_rfc8785(document: dict[str, Any]) -> None:
    assert jcs_bytes(document, default_loader()) == rfc8785.dumps(document)


def test_control_characters_and_non_ascii() -> None:
    document = {"b": "tab\there\u0001\u001f\u007f\u2028 é 😀", "a": [1, True, None], "é": 1}
    assert jcs_bytes(document, default_loader()) == rfc8785.dumps(document)


def test_every_code_point_is_written_as_rfc8785_writes_it() -> None:
    # the fast path (orjson) must escape exactly the characters JSON.stringify escapes, in
    # the same forms, and leave every other code point as its UTF-8 bytes
    code_points = [*range(0xD800), *range(0xE000, 0x110000)]
    for start in range(0, len(code_points), 4096):
        chunk = [chr(c) for c in code_points[start : start + 4096]]
        document = {"text": "".join(chunk), "items": chunk}
        assert jcs_bytes(document, default_loader()) == rfc8785.dumps(document)


def test_what_the_fast_path_refuses_is_decided_by_rfc8785() -> None:
    deep: Any = "leaf"
    for _ in range(300):  # deeper than orjson writes
        deep = [deep]
    assert jcs_bytes({"deep": deep}, default_loader()) == rfc8785.dumps({"deep": deep})
    with pytest.raises(ProofError, match="JSON canonicalization failed") as caught:
        jcs_bytes({"lone": "\ud800"}, default_loader())  # not Unicode text: no JCS form
    assert caught.value.code == "PROOF_MALFORMED"
