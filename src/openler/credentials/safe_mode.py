"""JSON-LD expansion and RDFC-1.0 canonicalization in "safe mode".

pyld, like any JSON-LD processor, silently drops a property whose term the contexts do not
define, and RDF serialization silently drops triples whose IRIs are relative. A claim added
to a signed credential under such a term would therefore not change the canonical form and
the signature would still verify. Safe mode (the behaviour of jsonld.js's ``safe: true``)
turns both into errors:

- ``SAFE_MODE_UNDEFINED_TERM``: a property the active context does not map to an IRI;
- ``SAFE_MODE_RELATIVE_IRI``: an ``@id``, ``@type`` or datatype that stays a relative IRI.

Every proof suite runs this check, eddsa-jcs-2022 included (its signature covers the JSON
bytes, but the claims a verifier reads must still have a meaning).
"""

from __future__ import annotations

import json
import re
from typing import Any

from frozendict import frozendict
from pyld.jsonld import JsonLdError, JsonLdProcessor

from openler.credentials import rdfc
from openler.credentials._tordf import document_quads
from openler.credentials.contexts import BundledLoader, default_loader
from openler.credentials.proof_errors import ProofError

_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _undefined_term(expanded_property: str | None) -> None:
    term = expanded_property if expanded_property is not None else "(a keyword alias or null)"
    raise ProofError(
        "SAFE_MODE_UNDEFINED_TERM",
        f"the property {term!r} is not defined by the document's JSON-LD contexts",
        field=str(term),
    )


def _require_absolute(value: object, where: str) -> None:
    if not isinstance(value, str):
        return
    if value.startswith("_:") or _ABSOLUTE.match(value):
        return
    raise ProofError(
        "SAFE_MODE_RELATIVE_IRI",
        f"{where} {value!r} is a relative IRI (not defined by the contexts, or missing a scheme)",
        field=value,
    )


def _check_relative(node: Any) -> None:
    """Walk an expanded JSON-LD document for relative @id / @type / datatype values."""
    if isinstance(node, list):
        for item in node:
            _check_relative(item)
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:
        if node.get("@type") != "@json":
            _require_absolute(node.get("@type"), "the datatype")
        return
    _require_absolute(node.get("@id"), "the identifier")
    for type_ in node.get("@type", []):
        _require_absolute(type_, "the type")
    for key, value in node.items():
        if key in ("@id", "@type", "@value", "@language", "@index", "@direction"):
            continue
        _check_relative(value)


def _context_key(local_ctx: Any, context_ids: frozenset[int]) -> Any:
    """A key that identifies a local context by content (None: do not cache)."""
    if id(local_ctx) in context_ids:
        return ("served", id(local_ctx))  # part of a served document: never changes
    if isinstance(local_ctx, str):
        return local_ctx
    if isinstance(local_ctx, list) and all(isinstance(item, str) for item in local_ctx):
        return tuple(local_ctx)  # the usual case: a list of context URLs
    if isinstance(local_ctx, frozendict):
        return ("frozen", id(local_ctx))  # immutable; the cache keeps it alive
    try:
        return json.dumps(local_ctx, sort_keys=True)
    except (TypeError, ValueError):
        return None


class _SafeProcessor(JsonLdProcessor):  # type: ignore[misc]  # pyld is untyped
    def __init__(self, loader: BundledLoader) -> None:
        super().__init__(on_property_dropped=_undefined_term)
        self._processed = loader.processed
        self._loader = loader

    def expand(self, input_: Any, options: Any) -> Any:
        expanded = super().expand(input_, options)
        _check_relative(expanded)
        return expanded

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        """pyld's context processing, memoized per loader.

        pyld caches a processed context under the id of the active context it was applied
        to, but gives each type-scoped clone a fresh id, so a credential's scoped contexts
        (Open Badges is mostly scoped) are processed again on every operation. Here the
        result is kept for (active context object, local context content, flags) when the
        active context is frozen (immutable); the entry holds a reference to it, so its id
        is not reused while the entry lives. Calls made while pyld is still building a
        context (``cycles`` given) are not cached: that context is still changing.
        """
        key_ctx = _context_key(local_ctx, self._loader.context_ids)
        cacheable = cycles is None and key_ctx is not None
        cacheable = cacheable and isinstance(active_ctx, frozendict)
        if not cacheable:
            return super()._process_context(
                active_ctx, local_ctx, options, override_protected, propagate,
                validate_scoped, cycles,
            )  # fmt: skip
        key = (id(active_ctx), key_ctx, override_protected, propagate, validate_scoped)
        hit = self._processed.get(key)
        if hit is not None:
            return hit[2]
        result = super()._process_context(
            active_ctx, local_ctx, options, override_protected, propagate, validate_scoped
        )
        self._processed[key] = (active_ctx, local_ctx, result)
        return result


def _run(operation: str, document: Any, loader: BundledLoader, options: dict[str, Any]) -> Any:
    processor = _SafeProcessor(loader)
    try:
        return getattr(processor, operation)(document, options)
    except JsonLdError as error:
        cause = error
        while isinstance(cause, JsonLdError) and isinstance(cause.__cause__, Exception):
            if isinstance(cause.__cause__, ProofError):
                raise cause.__cause__ from None
            cause = cause.__cause__
        raise ProofError("CONTEXT_INVALID", f"JSON-LD processing failed: {error}") from None


# --- the same verdict without expanding again: a cache keyed by the document's skeleton ---
#
# Whether a document passes safe mode depends on its keys, its @context values, and the
# string values that JSON-LD reads as IRIs. It does not depend on literal values (names,
# descriptions, dates, numbers). The skeleton keeps keys and @context verbatim, blanks
# literals, and for IRI values keeps what can change the outcome:
#
# - values read as vocabulary terms (@type and its aliases, terms typed @vocab, @type/@id
#   container maps, @reverse) are kept verbatim: a term can bring a scoped context;
# - values read as document-relative IRIs (@id and its aliases, terms typed @id) are kept
#   verbatim unless they are absolute (a scheme, or a blank node "_:"), which always expand
#   to an absolute IRI and pass; those become "<abs>", so credentials that differ only in
#   their ids and literals share one verdict.
#
# The term sets are taken, conservatively, from every context the loader can serve, whatever
# the scope (a term that is vocabulary-valued anywhere is kept verbatim everywhere). A
# document with an inline (non-URL) context is never cached.

_LITERAL, _ID, _VERBATIM, _CONTEXT = 0, 1, 2, 3
# Added to a key's kind when the key is not ASCII: the walk then also learns, at no cost on
# the common path, whether the document is plain JSON in RFC 8785's sense (see check_safe).
_NON_ASCII = 8


def _collect_terms(context: Any, vocab: set[str], ids: set[str]) -> None:
    if isinstance(context, list):
        for item in context:
            _collect_terms(item, vocab, ids)
        return
    if not isinstance(context, dict):
        return
    for term, definition in context.items():
        if isinstance(definition, str) and definition.startswith("@"):
            (ids if definition == "@id" else vocab).add(term)  # keyword alias: "id": "@id"
        elif isinstance(definition, dict):
            container = definition.get("@container", [])
            containers = container if isinstance(container, list) else [container]
            keyword_alias = str(definition.get("@id", "")).startswith("@")
            if definition.get("@id") == "@id" or definition.get("@type") == "@id":
                ids.add(term)
            if (
                definition.get("@type") == "@vocab"
                or (keyword_alias and definition.get("@id") != "@id")
                or "@reverse" in definition
                or any(c in ("@id", "@type") for c in containers)
            ):
                vocab.add(term)
            _collect_terms(definition.get("@context"), vocab, ids)


def _term_kinds(loader: BundledLoader) -> _KeyKinds:
    if loader.iri_terms is None:
        vocab: set[str] = set()
        ids: set[str] = set()
        for document in loader.all_documents():
            _collect_terms(document.get("@context"), vocab, ids)
        kinds = dict.fromkeys(ids, _ID)
        kinds.update(dict.fromkeys(vocab, _VERBATIM))
        loader.iri_terms = _KeyKinds(kinds)
    kinds_: _KeyKinds = loader.iri_terms
    return kinds_


class _KeyKinds(dict[Any, int]):
    """How the walk reads the value of each key it meets, worked out once per key: one dict
    lookup per entry on the hot path. Keywords are read verbatim (@id as an IRI, @context
    checked for inline contexts); other keys as the bundled contexts define them. The memo
    may be cleared at any time (it is rebuilt from ``terms``), which bounds it. A key that is
    not ASCII has ``_NON_ASCII`` added to its kind."""

    def __init__(self, terms: dict[str, int]) -> None:
        super().__init__()
        self.terms = terms

    def __missing__(self, key: Any) -> int:
        if not isinstance(key, str):
            raise _NotCacheable
        if key[:1] == "@":
            kind = _CONTEXT if key == "@context" else _ID if key == "@id" else _VERBATIM
        else:
            kind = self.terms.get(key, _LITERAL)
        if not key.isascii():
            kind += _NON_ASCII
        if len(self) >= 65536:
            self.clear()
        self[key] = kind
        return kind


class _NotCacheable(Exception):
    pass


# Skeleton tokens: the walk appends markers (negative ints) and strings to one flat list, and
# the tuple of it is the cache key. Literal numbers all become 0 and True/False/None have
# their own markers (True == 1 in a tuple), so no two different skeletons compare equal.
# Keys keep the document's order: two orders of the same keys are two entries, never one
# verdict for different documents.
_DICT, _LIST, _END, _TRUE, _FALSE, _NULL = -1, -2, -3, -4, -5, -6
# The first token says whether the document is plain JSON for RFC 8785: it becomes
# _NOT_PLAIN at a key that is not ASCII (RFC 8785 sorts by UTF-16 code units, not code
# points), a float (ES6 number formatting) or an integer beyond I-JSON's exact range.
_PLAIN, _NOT_PLAIN = -7, -8
_SAFE_INTEGER = 2**53 - 1


def _string_token(value: str, kind: int) -> str:
    if kind == _LITERAL:
        return ""
    if kind == _ID and (value.startswith("_:") or _ABSOLUTE.match(value)):
        return "<abs>"
    return value


def _tokens(node: Any, kinds: _KeyKinds, kind: int, out: list[Any]) -> None:
    # String children (most values) are turned into tokens in the loops below rather than
    # by a call each, and the list's append is bound once: this walk runs on every
    # verification.
    append = out.append
    if isinstance(node, dict):
        append(_DICT)
        for key, value in node.items():
            child = kinds[key]
            if child >= _CONTEXT:  # rare: an @context, or a key that is not ASCII
                if child >= _NON_ASCII:
                    out[0] = _NOT_PLAIN
                    child -= _NON_ASCII
                if child == _CONTEXT:
                    if not (
                        isinstance(value, str)
                        or (isinstance(value, list) and all(isinstance(v, str) for v in value))
                    ):
                        raise _NotCacheable
                    child = _VERBATIM
            append(key)
            if type(value) is str:
                append("" if child == _LITERAL else _string_token(value, child))
            else:
                _tokens(value, kinds, child, out)
        append(_END)
    elif isinstance(node, list):
        append(_LIST)
        for item in node:
            if type(item) is str:
                append("" if kind == _LITERAL else _string_token(item, kind))
            else:
                _tokens(item, kinds, kind, out)
        append(_END)
    elif isinstance(node, str):
        append(_string_token(node, kind))
    elif node is True:
        append(_TRUE)
    elif node is False:
        append(_FALSE)
    elif node is None:
        append(_NULL)
    elif isinstance(node, int | float):
        # A literal number is 0 (its value changes no verdict); at an IRI position (an @id,
        # a type) it is kept, with its type, since "1" and 1 are judged differently there.
        append(0 if kind == _LITERAL else (type(node).__name__, node))
        if isinstance(node, float) or not -_SAFE_INTEGER <= node <= _SAFE_INTEGER:
            out[0] = _NOT_PLAIN
    else:
        raise _NotCacheable  # not JSON: let the full check report it


def _skeleton(document: Any, kinds: _KeyKinds) -> tuple[Any, ...]:
    out: list[Any] = [_PLAIN]
    _tokens(document, kinds, _LITERAL, out)
    return tuple(out)


def check_safe(document: Any, loader: BundledLoader | None = None) -> bool:
    """Raise like ``expand_safely`` would, reusing verdicts for same-skeleton documents.

    Returns True when the same walk found the document plain JSON for RFC 8785 (only JSON
    types, ASCII keys, no floats, integers within +-(2**53 - 1)), so that eddsa-jcs-2022
    need not walk it again; False when it is not, or was not walked."""
    loader = loader or default_loader()
    try:
        key = _skeleton(document, _term_kinds(loader))
    except (_NotCacheable, RecursionError):
        expand_safely(document, loader)
        return False
    if key not in loader.verdicts:
        # Only passes are remembered. A refusal's message is pyld's, and pyld quotes the
        # offending value whole, literals inside it included (an "@id" given as an object
        # shows its children), so two documents with one skeleton can be refused in
        # different words: each refusal is worked out again, from the document itself.
        expand_safely(document, loader)
        loader.verdicts[key] = True
    return bool(key[0] == _PLAIN)


def expand_safely(document: Any, loader: BundledLoader | None = None) -> Any:
    """The expanded form of ``document``; raises ``ProofError`` in the cases above."""
    loader = loader or default_loader()
    return _run("expand", document, loader, loader.options())


def _fast_options(loader: BundledLoader) -> dict[str, Any]:
    # the options pyld's normalize -> to_rdf -> expand would hand to context processing
    return {
        **loader.options(),
        "isFrame": False,
        "keepFreeFloatingNodes": False,
        "extractAllScripts": True,
        "processingMode": "json-ld-1.1",
    }


def canonize_rdfc(document: Any, loader: BundledLoader | None = None) -> str:
    """RDFC-1.0 canonical N-Quads of ``document``, in safe mode.

    Documents of the common shape go through ``_tordf`` and ``rdfc`` (several times
    faster, same bytes); everything else, including every document safe mode rejects,
    through pyld, whose errors are the ones reported.
    """
    loader = loader or default_loader()
    try:
        quads = document_quads(
            document, _SafeProcessor(loader), _fast_options(loader), loader.tordf
        )
    except Exception:  # Unsupported, or an error pyld will report in its own words
        quads = None
    if quads is not None:
        try:
            return rdfc.canonicalize(quads)
        except rdfc.CanonicalizationError as error:
            raise ProofError("CONTEXT_INVALID", str(error)) from None
        except Exception:  # e.g. a string that is not valid Unicode: pyld says what it says
            return canonize_rdfc_pyld(document, loader)
    return canonize_rdfc_pyld(document, loader)


def canonize_rdfc_pyld(document: Any, loader: BundledLoader | None = None) -> str:
    """RDFC-1.0 canonical N-Quads of ``document`` by pyld alone, in safe mode."""
    loader = loader or default_loader()
    options = loader.options()
    # pyld names RDFC-1.0 by its earlier name URDNA2015 (same algorithm and output).
    options.update({"algorithm": "URDNA2015", "format": "application/n-quads"})
    result: str = _run("normalize", document, loader, options)
    return result
