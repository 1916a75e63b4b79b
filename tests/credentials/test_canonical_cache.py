"""The context memo and caches change nothing: canonical forms equal plain pyld's."""

from __future__ import annotations

from typing import Any

import pytest
from pyld import jsonld

from openler.credentials.contexts import BundledLoader, bundled_document
from openler.credentials.proof_errors import ProofError
from openler.credentials.safe_mode import canonize_rdfc
from tests.credentials.core_support import OB30, needs_conformance, read_json

pytestmark = needs_conformance


def _plain_pyld(document: Any) -> str:
    def load(url: str, options: Any = None) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": bundled_document(url)}

    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": load}
    result: str = jsonld.normalize(document, options)
    return result


def _fixtures() -> list[str]:
    return sorted(str(p.relative_to(OB30)) for p in OB30.rglob("*.json")) if OB30.is_dir() else []


@pytest.mark.parametrize("name", _fixtures())
def test_canonical_form_equals_plain_pyld_twice_over(name: str) -> None:
    document = read_json(OB30 / name)
    loader = BundledLoader()  # one loader: the second pass runs on warm caches
    try:
        first = canonize_rdfc(document, loader)
    except ProofError:
        pytest.skip(f"{name} fails safe mode or names a context that is not bundled")
    assert canonize_rdfc(document, loader) == first
    assert first == _plain_pyld(document)
