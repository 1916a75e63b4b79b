"""JSON-LD to RDF quads for the common shape of credentials, with pyld's context processing.

pyld's ``to_rdf`` copies the document, expands it (re-deriving every term's definition on
each call), builds a node map, and only then writes triples. For documents made of plain
node objects this module goes from the compacted JSON straight to quads, following pyld's
expansion step for step (the same context operations in the same order: property-scoped
contexts, reverting type-scoped contexts, type-scoped contexts from sorted types), with
pyld's own ``_process_context`` (memoized per loader by ``safe_mode``) and ``_expand_iri``.

It is a fast path, never a second opinion: anything outside the subset it implements
exactly raises ``Unsupported`` and the caller runs pyld (with safe mode) instead. That
includes every case safe mode would reject (an undefined term, a relative IRI), every
keyword other than ``@context``, ``@id`` and ``@type``, value objects, ``@json``,
``@reverse``, index and language containers, floats, language-tagged or directional
strings, literal characters whose escaping pyld writes differently from RDFC-1.0, and a
blank node mentioned twice in one quad (pyld hashes such a quad twice, see
``docs/credentials.md``). The result is checked against pyld on every conformance fixture
and on generated credentials (tests/credentials/test_rdfc.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from pyld.jsonld import JsonLdProcessor, _is_absolute_iri

from openler.credentials.rdfc import Quad, literal

_GET = JsonLdProcessor.get_context_value
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_BOOLEAN, _XSD_INTEGER, _XSD_DOUBLE = _XSD + "boolean", _XSD + "integer", _XSD + "double"
_XSD_STRING = _XSD + "string"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_TYPE = "<" + _RDF + "type>"
_RDF_FIRST, _RDF_REST, _RDF_NIL = f"<{_RDF}first>", f"<{_RDF}rest>", f"<{_RDF}nil>"

# safe_mode's test for an absolute IRI (a scheme); pyld's _is_absolute_iri must hold too
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# characters an IRI term may not hold unescaped in canonical N-Quads (pyld never escapes)
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
# literal characters pyld escapes differently from canonical N-Quads (\b, \f, other C0, DEL)
_BAD_LITERAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTAINERS: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"@list"}),
    frozenset({"@graph"}),
)


_T = TypeVar("_T")


class Unsupported(Exception):
    """Outside the fast path: the caller must use pyld."""


@dataclass(frozen=True)
class _Plan:
    """What pyld's expansion does with the values of one term in one active context."""

    predicate: str  # the property's IRI term
    context: Any  # the active context for its values (with the term's scoped context)
    container: frozenset[str]  # {}, {"@list"} or {"@graph"}
    coercion: Any  # the term's @type in ``context``
    datatype: str | None  # the datatype IRI when the coercion is one
    tagged: bool  # a default language or direction applies to its strings
    key: str = ""


def _iri(value: Any) -> str:
    """An absolute IRI term, or Unsupported (safe mode or pyld decide those cases)."""
    if not isinstance(value, str) or not _plain_iri(value):
        raise Unsupported(value)
    return "<" + value + ">"


@lru_cache(maxsize=65536)
def _plain_iri(value: str) -> bool:
    return bool(_SCHEME.match(value) and _is_absolute_iri(value) and not _BAD_IRI.search(value))


class _Converter:
    def __init__(self, processor: Any, options: dict[str, Any], memo: dict[Any, Any]) -> None:
        self.processor = processor
        self.memo = memo
        self.options = options
        self.quads: list[Quad] = []
        self.blank_labels: dict[str, str] = {}
        # pyld merges equal expanded values of one property of one node (comparing with
        # Python's ==, so True equals 1); different RDF terms for one such key must not occur
        self.by_key: dict[tuple[Any, ...], Quad] = {}
        self.by_quad: dict[Quad, tuple[Any, ...]] = {}
        self.counter = 0

    # --- pyld operations ---

    def context(self, active: Any, local: Any, **flags: bool) -> Any:
        return self.processor._process_context(active, local, self.options, **flags)

    def expand_iri(self, active: Any, value: str, *, vocab: bool) -> Any:
        if not vocab:  # node ids: nearly all distinct, not worth keeping
            return self.node_iri(active, value)
        key = ("iri", id(active), value, vocab)
        hit = self.memo.get(key)
        if hit is not None and hit[0] is active:
            return hit[1]
        result = self.processor._expand_iri(active, value, base=None, vocab=vocab)
        self.remember(key, active, result)
        return result

    def node_iri(self, active: Any, value: str) -> Any:
        """pyld's ``_expand_iri(active, value, base=None)``, its first steps done here for
        the usual ids: ``prefix:suffix`` where the prefix is ``_`` or the suffix starts
        with ``//`` is returned as is, and so is an absolute IRI whose prefix is no prefix
        term of the context. Anything else goes to pyld."""
        colon = value.find(":")
        if colon > 0 and value[0] != "@":
            if value[colon + 1 : colon + 3] == "//" or value[:colon] == "_":
                return value
            mapping = active["mappings"].get(value[:colon])
            if not (mapping and mapping["_prefix"]) and _is_absolute_iri(value):
                return value
        return self.processor._expand_iri(active, value, base=None, vocab=False)

    def remember(self, key: tuple[Any, ...], active: Any, result: Any) -> None:
        # The memo is the loader's (bounded there): an entry holds the context object, so
        # its id stays its own while the entry lives (active contexts are immutable
        # frozendicts).
        self.memo[key] = (active, result)

    def cached(self, key: tuple[Any, ...], active: Any, compute: Callable[[], _T]) -> _T:
        """``compute()``, kept in the memo under ``key`` (which starts with ``id(active)``
        after its kind); a refusal is kept too, any other error becomes one."""
        hit = self.memo.get(key)
        if hit is None or hit[0] is not active:
            try:
                result: Any = compute()
            except Unsupported as error:
                result = error
            except Exception:
                result = Unsupported(key[0])
            self.remember(key, active, result)
        else:
            result = hit[1]
        if isinstance(result, Unsupported):
            raise result
        value: _T = result
        return value

    def plan(self, active: Any, key: str) -> _Plan:
        """How the values of ``key`` expand in ``active`` (kept like ``expand_iri``)."""
        return self.cached(("plan", id(active), key), active, lambda: self.make_plan(active, key))

    def make_plan(self, active: Any, key: str) -> _Plan:
        expanded = self.expand_iri(active, key, vocab=True)
        if not isinstance(expanded, str) or expanded.startswith("@"):
            raise Unsupported(key)  # a keyword we do not handle, or an undefined term
        predicate = _iri(expanded)
        term_ctx = active
        scoped = _GET(active, key, "@context")
        if scoped is not None:
            term_ctx = self.context(active, scoped, propagate=True, override_protected=True)
        container = _containers(_GET(active, key, "@container"))
        mapping = term_ctx["mappings"].get(key)
        if mapping and mapping.get("reverse"):
            raise Unsupported("@reverse")
        if _GET(active, key, "@type") == "@json" or _GET(term_ctx, key, "@type") == "@json":
            raise Unsupported("@json")
        # pyld also reads the container from term_ctx when the value is an array, but only
        # to decide whether nested arrays are lists; nested arrays are refused here.
        # how a scalar value expands: pyld's _expand_value with term_ctx
        coercion = _GET(term_ctx, key, "@type")
        datatype = None
        if coercion not in (None, "@none", "@id", "@vocab"):
            datatype = _iri(coercion)[1:-1]
        tagged = (
            _GET(term_ctx, key, "@language") is not None
            or _GET(term_ctx, key, "@direction") is not None
        )
        return _Plan(predicate, term_ctx, container, coercion, datatype, tagged, key)

    # --- terms ---

    def blank(self, label: str | None = None) -> str:
        """A fresh blank node, or the one standing for the document's ``label``."""
        if label is not None and label in self.blank_labels:
            return self.blank_labels[label]
        self.counter += 1
        term = f"_:t{self.counter}"
        if label is not None:
            self.blank_labels[label] = term
        return term

    def node_id(self, active: Any, value: Any) -> str:
        if not isinstance(value, str):
            raise Unsupported("@id")
        expanded = self.expand_iri(active, value, vocab=False)
        if isinstance(expanded, str) and expanded.startswith("_:"):
            return self.blank(expanded)
        return _iri(expanded)

    def add(self, key: tuple[Any, ...], quad: Quad) -> None:
        """Add a quad for one expanded value; ``key`` is how pyld tells values apart.

        pyld merges equal values of a property (comparing with Python's ==, so True equals
        1) and keeps unequal ones even when they give the same quad (it then writes the
        line twice). Either case with differing results is left to pyld."""
        if self.by_key.setdefault(key, quad) != quad or self.by_quad.setdefault(quad, key) != key:
            raise Unsupported("values pyld would merge or repeat")
        self.quads.append(quad)

    # --- expansion, following pyld's _expand / _expand_object ---

    def node(
        self, active: Any, active_property: str | None, element: Mapping[str, Any], graph: str
    ) -> str:
        """Write ``element``'s quads into ``graph``; return its subject term."""
        context = element.get("@context")
        if isinstance(context, list) and all(isinstance(c, str) for c in context):
            context = tuple(context)
        if context is None or isinstance(context, str | tuple):
            memo_key = ("shape", id(active), active_property, tuple(element), context)
            shape = self.cached(
                memo_key, active, lambda: self.shape(active, active_property, element)
            )
        else:  # an inline context: not kept
            shape = self.shape(active, active_property, element)
        id_key, type_key, properties, type_scoped = shape
        active = type_scoped
        type_terms: tuple[str, ...] = ()
        if type_key is not None:
            value = element[type_key]
            listed = [value] if isinstance(value, str) else value
            if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
                raise Unsupported("@type")
            types = tuple(listed)
            types_key = ("types", id(type_scoped), types)
            active, type_terms = self.cached(
                types_key, type_scoped, lambda: self.typed(type_scoped, types)
            )
        subject = self.node_id(active, element[id_key]) if id_key is not None else self.blank()
        for term in type_terms:
            self.add((graph, subject, "@type", term), (subject, _RDF_TYPE, term, graph))
        for key in properties:
            self.property(active, key, element[key], subject, graph)
        return subject

    def shape(
        self, active: Any, active_property: str | None, element: Mapping[str, Any]
    ) -> tuple[str | None, str | None, list[str], Any]:
        """The keys of ``element`` that hold @id, @type and properties, and the active
        context before type-scoped contexts (it depends on the keys, not their values)."""
        property_scoped = _GET(active, active_property, "@context")
        type_scoped = active if active.get("previousContext") else None
        must_revert = True
        if type_scoped is not None and len(element) <= 2 and "@context" not in element:
            for key in sorted(element):
                expanded = self.expand_iri(type_scoped, key, vocab=True)
                if expanded == "@value":
                    raise Unsupported("@value")
                if expanded == "@id" and len(element) == 1:
                    must_revert = False
                    break
        if must_revert and "previousContext" in active:
            active = active["previousContext"]
        if property_scoped is not None:
            active = self.context(active, property_scoped, override_protected=True)
        if "@context" in element:
            active = self.context(active, element["@context"])
        id_keys, type_keys, properties = [], [], []
        for key in sorted(element):
            if key == "@context":
                continue
            expanded = self.expand_iri(active, key, vocab=True)
            if expanded == "@id":
                id_keys.append(key)
            elif expanded == "@type":
                type_keys.append(key)
            else:
                properties.append(key)
        if len(id_keys) > 1 or len(type_keys) > 1:
            raise Unsupported("colliding keywords")
        id_key = id_keys[0] if id_keys else None
        type_key = type_keys[0] if type_keys else None
        return id_key, type_key, properties, active

    def typed(self, type_scoped: Any, types: tuple[str, ...]) -> tuple[Any, tuple[str, ...]]:
        """The active context after the types' scoped contexts (applied in sorted order),
        and the rdf:type terms (the types expanded before them)."""
        active = type_scoped
        for type_ in sorted(types):
            scoped = _GET(type_scoped, type_, "@context")
            if scoped is not None and scoped is not False:
                active = self.context(active, scoped, propagate=False)
        terms = tuple(_iri(self.expand_iri(type_scoped, t, vocab=True)) for t in types)
        return active, terms

    def property(self, active: Any, key: str, value: Any, subject: str, graph: str) -> None:
        plan = self.plan(active, key)
        if value is None:
            return  # pyld drops null values
        items = [item for item in value if item is not None] if isinstance(value, list) else [value]
        predicate = plan.predicate
        if "@list" in plan.container:
            self.add_list(plan, items, subject, graph)
            return
        for item in items:
            if "@graph" in plan.container:
                if not isinstance(item, dict):
                    raise Unsupported("@graph container value")
                obj = value_key = self.blank()
                self.node(plan.context, key, item, obj)
            else:
                obj, value_key = self.object(plan, key, item, graph)
            self.add((graph, subject, predicate, value_key), (subject, predicate, obj, graph))

    def add_list(self, plan: _Plan, items: list[Any], subject: str, graph: str) -> None:
        predicate = plan.predicate
        objects = [self.object(plan, "", item, graph)[0] for item in items]
        head = _RDF_NIL
        for obj in reversed(objects):
            node = self.blank()
            self.quads.append((node, _RDF_FIRST, obj, graph))
            self.quads.append((node, _RDF_REST, head, graph))
            head = node
        # pyld never merges lists: a key of its own
        key = (graph, subject, predicate, ("list", self.blank()))
        self.add(key, (subject, predicate, head, graph))

    def object(self, plan: _Plan, key: str, item: Any, graph: str) -> tuple[str, Any]:
        """The object term of one value of ``key`` (a node's quads go into ``graph``), and
        the value's identity as pyld compares values (node references by their id)."""
        if isinstance(item, dict):
            term = self.node(plan.context, plan.key, item, graph)
            return term, term
        term, datatype = self.term(plan, item)
        return term, term if datatype is None else ("literal", item, datatype)

    def term(self, plan: _Plan, item: Any) -> tuple[str, Any]:
        """A scalar's term, and its expanded @type (None for an IRI term)."""
        if isinstance(item, list):
            raise Unsupported("nested array")
        coercion = plan.coercion
        if coercion == "@id" or coercion == "@vocab":
            if not isinstance(item, str):
                raise Unsupported("non-string IRI value")
            if coercion == "@id":
                return self.node_id(plan.context, item), None
            expanded = self.expand_iri(plan.context, item, vocab=True)
            if isinstance(expanded, str) and expanded.startswith("_:"):
                return self.blank(expanded), None
            return _iri(expanded), None
        if plan.tagged and plan.datatype is None and isinstance(item, str):
            raise Unsupported("language or direction")
        datatype = plan.datatype
        # the key "" stands for "no @type" (None is taken by IRI terms)
        if isinstance(item, bool):
            return literal("true" if item else "false", datatype or _XSD_BOOLEAN), datatype or ""
        if isinstance(item, int):
            if datatype == _XSD_DOUBLE or abs(item) >= 10**21:
                raise Unsupported("number written as a double")
            return literal(str(item), datatype or _XSD_INTEGER), datatype or ""
        if isinstance(item, str):
            if datatype == _XSD_DOUBLE or _BAD_LITERAL.search(item):
                raise Unsupported("literal pyld writes differently")
            return literal(item, datatype or _XSD_STRING), datatype or ""
        raise Unsupported(type(item).__name__)  # floats and anything not JSON


def _containers(value: Any) -> frozenset[str]:
    found = frozenset(value if isinstance(value, list) else [] if value is None else [value])
    found = found - {"@set"}
    if found not in _CONTAINERS:
        raise Unsupported(f"container {sorted(found)}")
    return found


def document_quads(
    document: Any, processor: Any, options: dict[str, Any], memo: dict[Any, Any]
) -> list[Quad]:
    """The RDF quads pyld's ``to_rdf`` gives for ``document`` (or ``Unsupported``).

    ``processor`` is a pyld processor over the loader in ``options``; ``memo`` a dict the
    loader keeps for this module (IRI expansions and term plans by context)."""
    if not isinstance(document, dict):
        raise Unsupported("top level")
    converter = _Converter(processor, options, memo)
    initial = processor._get_initial_context(options)
    converter.node(initial, None, document, "")
    quads = converter.quads
    for s, _, o, g in quads:
        if (s.startswith("_:") and s in (o, g)) or (o.startswith("_:") and o == g):
            raise Unsupported("a blank node twice in one quad")
    return quads
