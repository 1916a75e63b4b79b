"""eddsa-jcs-2022 (W3C vc-di-eddsa 1.0 section 3.4): JSON Canonicalization (RFC 8785).

The signature covers the JSON bytes, so JSON-LD processing is not needed to sign or check
it; the verifier still runs the safe-mode check (``proofs.verify_proof``) so that every
claim it reports has a meaning under the bundled contexts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
import rfc8785

from openler.credentials.contexts import BundledLoader
from openler.credentials.proof_errors import ProofError
from openler.credentials.suites.base import Suite

_SAFE_INT = 2**53 - 1


def _plain(node: Any) -> bool:
    """True when orjson's sorted compact output is RFC 8785: ASCII keys (so code-point order is
    UTF-16 order), no floats (ES6 number formatting differs), integers within the range
    RFC 8785 allows, and only JSON types. (Plain loops: a third of the time of all() over
    generators, and this walk runs on every verification.)"""
    if isinstance(node, dict):
        for key, value in node.items():
            if not (isinstance(key, str) and key.isascii()):
                return False
            if not (isinstance(value, str) or _plain(value)):
                return False
        return True
    if isinstance(node, list):
        for item in node:  # noqa: SIM110 - a loop, not all() over a generator (speed)
            if not (isinstance(item, str) or _plain(item)):
                return False
        return True
    if isinstance(node, str | bool) or node is None:
        return True
    if isinstance(node, int):
        return -_SAFE_INT <= node <= _SAFE_INT
    return False


def jcs_bytes(document: Mapping[str, Any], loader: BundledLoader) -> bytes:
    """The RFC 8785 bytes of ``document`` (``PROOF_MALFORMED`` when it has none)."""
    return _canonical(document, plain=_plain(document))


def plain_jcs_bytes(document: Mapping[str, Any], loader: BundledLoader) -> bytes:
    """``jcs_bytes`` of a document the caller found plain (safe_mode.check_safe's walk)."""
    return _canonical(document, plain=True)


def _canonical(document: Mapping[str, Any], *, plain: bool) -> bytes:
    # For "plain" documents, orjson's compact output with sorted keys is RFC 8785: it
    # escapes exactly what JSON.stringify escapes, in the same forms (\b \t \n \f \r \" \\
    # and \u00xx lower-case; nothing above U+001F), ASCII keys sort the same by bytes as by
    # UTF-16 code units, and it writes integers as their digits (tests compare it with the
    # rfc8785 package on every code point). It is a tenth of the time of the json module,
    # and the pure-Python rfc8785 package is kept for the rest. orjson refuses what it
    # cannot write (lone surrogates, nesting deeper than 254): the rfc8785 package then
    # decides, as for any document that is not plain.
    try:
        if plain:
            try:
                return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
            except orjson.JSONEncodeError:
                pass
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as error:
        raise ProofError("PROOF_MALFORMED", f"JSON canonicalization failed: {error}") from None


EDDSA_JCS_2022 = Suite(
    name="eddsa-jcs-2022",
    proof_type="DataIntegrityProof",
    cryptosuite="eddsa-jcs-2022",
    canonicalize=jcs_bytes,
    canonicalize_plain=plain_jcs_bytes,
    keeps_proof_context=True,
    separate_safe_mode=True,
    # JCS of a proof configuration costs no more than the cache key would
    cache_config=False,
)
