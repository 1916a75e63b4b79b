"""The fast JCS path gives exactly the bytes of the rfc8785 package (RFC 8785)."""

from __future__ import annotations

from typing import Any

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from openler.credentials.contexts import default_loader
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
