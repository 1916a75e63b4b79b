"""RDF Dataset Canonicalization (W3C RDFC-1.0, https://www.w3.org/TR/rdf-canon/), SHA-256.

The input is a list of quads whose terms are already written in N-Quads syntax: an IRI is
``<iri>``, a blank node ``_:label``, a literal ``"escaped"`` with ``^^<datatype>`` or
``@lang``; the graph is ``""`` for the default graph. Working on these strings keeps the
algorithm close to the spec's text and fast: a quad's N-Quads line is the four strings
joined, and the hashing steps only replace the blank node terms.

``canonicalize`` returns the canonical N-Quads document (sorted lines). Blank nodes whose
first-degree hash is unique are labelled straight away (section 4.4.3 step 4, the common
case for credentials); the others go through Hash N-Degree Quads (4.8) with the
permutations the spec describes. ``issued_labels`` returns the issued identifier map
(the test suite's ``*-rdfc10map.json``).

Literal escaping: terms come in already written; ``literal`` writes canonical N-Quads.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Quad = tuple[str, str, str, str]  # subject, predicate, object, graph ("" = default graph)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Canonical N-Quads (RDF 1.2 N-Triples canonical form, as rdf-canonize writes it): ECHAR for
# backspace, tab, LF, form feed, CR, quote and backslash; UCHAR for the other C0 controls
# and DEL. pyld writes only the five of them it knows; _tordf never hands rdfc a literal
# where the two differ.
_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPES.update(
    {
        ord(k): v
        for k, v in {
            "\b": "\\b",
            "\t": "\\t",
            "\n": "\\n",
            "\f": "\\f",
            "\r": "\\r",
            '"': '\\"',
            "\\": "\\\\",
        }.items()
    }
)

# Hash N-Degree Quads is exponential on some crafted graphs (the spec's "poison graph"
# warning, section 4.1); a verifier must not hang on one. The W3C suite's computable poison
# graph (test044, 12 nodes of degree 3) takes 468 calls; a 10-node clique (test074, which
# must fail) passes 4,000 in about a second.
MAX_NDEGREE_CALLS = 4_000


class CanonicalizationError(Exception):
    """The dataset needs more work than ``MAX_NDEGREE_CALLS`` allows."""


def literal(value: str, datatype: str = XSD_STRING, language: str | None = None) -> str:
    """A literal term in N-Quads syntax."""
    text = '"' + value.translate(_ESCAPES) + '"'
    if language:
        return text + "@" + language
    if datatype in (XSD_STRING, RDF_LANGSTRING):
        return text
    return text + "^^<" + datatype + ">"


def _line(s: str, p: str, o: str, g: str) -> str:
    return f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Issuer:
    """The spec's identifier issuer: a prefix, a counter, and the issued map in order.

    Identifiers include the ``_:`` of a blank node term: the spec hashes them that way."""

    __slots__ = ("issued", "prefix")

    def __init__(self, prefix: str, issued: dict[str, str] | None = None) -> None:
        self.prefix = prefix
        self.issued: dict[str, str] = issued if issued is not None else {}

    def issue(self, identifier: str) -> str:
        found = self.issued.get(identifier)
        if found is None:
            found = self.issued[identifier] = f"{self.prefix}{len(self.issued)}"
        return found

    def copy(self) -> _Issuer:
        return _Issuer(self.prefix, dict(self.issued))


class _State:
    def __init__(self, quads: Sequence[Quad]) -> None:
        self.quads = quads
        self.by_blank: dict[str, list[Quad]] = {}
        for quad in quads:
            s, _, o, g = quad
            for term in (s, o, g):
                if term.startswith("_:"):
                    mentions = self.by_blank.setdefault(term, [])
                    if not mentions or mentions[-1] is not quad:
                        mentions.append(quad)
        self.canonical = _Issuer("_:c14n")
        self.first_degree: dict[str, str] = {}
        self.calls = 0
        # Whether two blank nodes of one first-degree group had the same N-degree hash: the
        # spec then labels them in the order the input first mentions them (4.4.3 step 5.3,
        # a stable sort). The canonical form is the same in any order only if the two are
        # interchangeable (an automorphism, as in a ring); otherwise it follows quad order.
        self.tied = False

    def hash_first_degree(self, blank: str) -> str:
        """Section 4.6: the blank node itself is _:a, every other blank node _:z."""
        found = self.first_degree.get(blank)
        if found is not None:
            return found
        lines = []
        for s, p, o, g in self.by_blank[blank]:
            lines.append(
                _line(
                    s if not s.startswith("_:") else ("_:a" if s == blank else "_:z"),
                    p,
                    o if not o.startswith("_:") else ("_:a" if o == blank else "_:z"),
                    g if not g.startswith("_:") else ("_:a" if g == blank else "_:z"),
                )
            )
        lines.sort()
        found = self.first_degree[blank] = _sha256("".join(lines))
        return found

    def hash_related(self, related: str, quad: Quad, issuer: _Issuer, position: str) -> str:
        """Section 4.7."""
        identifier = self.canonical.issued.get(related) or issuer.issued.get(related)
        if identifier is None:
            identifier = self.hash_first_degree(related)
        text = position + (quad[1] if position != "g" else "") + identifier
        # the predicate term is already written as <iri>, as the spec's input requires
        return _sha256(text)

    def hash_n_degree(self, blank: str, issuer: _Issuer) -> tuple[str, _Issuer]:
        """Section 4.8: the hash of ``blank``'s neighbourhood, and the issuer it chose."""
        self.calls += 1
        if self.calls > MAX_NDEGREE_CALLS:
            raise CanonicalizationError(
                f"RDF canonicalization needs more than {MAX_NDEGREE_CALLS} steps"
            )
        related_by_hash: dict[str, list[str]] = {}
        for quad in self.by_blank[blank]:
            for term, position in ((quad[0], "s"), (quad[2], "o"), (quad[3], "g")):
                if term.startswith("_:") and term != blank:
                    digest = self.hash_related(term, quad, issuer, position)
                    related_by_hash.setdefault(digest, []).append(term)
        data = []
        for digest in sorted(related_by_hash):
            data.append(digest)
            chosen_path: str | None = None
            chosen_issuer: _Issuer | None = None
            for permutation in itertools.permutations(related_by_hash[digest]):
                issuer_copy = issuer.copy()
                path = ""
                recursion: list[str] = []
                skipped = False
                for related in permutation:
                    canonical = self.canonical.issued.get(related)
                    if canonical is not None:
                        path += canonical
                    else:
                        if related not in issuer_copy.issued:
                            recursion.append(related)
                        path += issuer_copy.issue(related)
                    if _worse(path, chosen_path):
                        skipped = True
                        break
                if skipped:
                    continue
                for related in recursion:
                    result_hash, result_issuer = self.hash_n_degree(related, issuer_copy)
                    path += issuer_copy.issue(related)
                    path += "<" + result_hash + ">"
                    issuer_copy = result_issuer
                    if _worse(path, chosen_path):
                        skipped = True
                        break
                if skipped:
                    continue
                if chosen_path is None or path < chosen_path:
                    chosen_path, chosen_issuer = path, issuer_copy
            # the first permutation is never skipped, so one was chosen
            assert chosen_path is not None
            assert chosen_issuer is not None
            data.append(chosen_path)
            issuer = chosen_issuer
        return _sha256("".join(data)), issuer


def _worse(path: str, chosen: str | None) -> bool:
    # 4.8.3 step 5.4.4.3 / 5.5.5: a path longer than or equal to, and after, the chosen one
    return chosen is not None and len(path) >= len(chosen) and path > chosen


def _issue_all(quads: Sequence[Quad]) -> _State:
    """Section 4.4.3: the canonical issuer after labelling every blank node."""
    state = _State(quads)
    by_hash: dict[str, list[str]] = {}
    for blank in state.by_blank:
        by_hash.setdefault(state.hash_first_degree(blank), []).append(blank)
    shared: list[tuple[str, list[str]]] = []
    for digest in sorted(by_hash):
        blanks = by_hash[digest]
        if len(blanks) == 1:
            state.canonical.issue(blanks[0])
        else:
            shared.append((digest, blanks))
    for _, blanks in shared:
        results = []
        for blank in blanks:
            if blank in state.canonical.issued:
                continue
            temporary = _Issuer("_:b")
            temporary.issue(blank)
            results.append(state.hash_n_degree(blank, temporary))
        ordered = sorted(results, key=lambda result: result[0])
        for (digest, _), (following, _) in itertools.pairwise(ordered):
            state.tied |= digest == following
        for _, issuer in ordered:
            for existing in issuer.issued:
                state.canonical.issue(existing)
    return state


def canonicalize(quads: Iterable[Quad]) -> str:
    """The canonical N-Quads document of the dataset (duplicate quads counted once)."""
    unique = list(dict.fromkeys(quads))
    state = _issue_all(unique)
    labels = state.canonical.issued
    lines = sorted(
        {
            _line(
                labels.get(s, s),
                p,
                labels.get(o, o) if o.startswith("_:") else o,
                labels.get(g, g) if g.startswith("_:") else g,
            )
            for s, p, o, g in unique
        }
    )
    return "".join(lines)


def issued_labels(quads: Iterable[Quad]) -> dict[str, str]:
    """Input blank node label (without ``_:``) -> canonical label, in issue order."""
    state = _issue_all(list(dict.fromkeys(quads)))
    return {blank[2:]: label[2:] for blank, label in state.canonical.issued.items()}


# --- pyld's RDF dataset form (jsonld.to_rdf) and N-Quads text ---


def _pyld_term(term: Mapping[str, Any]) -> str:
    if term["type"] == "IRI":
        return "<" + str(term["value"]) + ">"
    if term["type"] == "blank node":
        return str(term["value"])
    return literal(term["value"], term.get("datatype", XSD_STRING), term.get("language"))


def quads_from_pyld(dataset: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[Quad]:
    """The quads of a dataset as pyld's ``to_rdf`` returns it."""
    quads = []
    for graph, triples in dataset.items():
        name = "" if graph == "@default" else (graph if graph.startswith("_:") else f"<{graph}>")
        for triple in triples:
            quads.append(
                (
                    _pyld_term(triple["subject"]),
                    _pyld_term(triple["predicate"]),
                    _pyld_term(triple["object"]),
                    name,
                )
            )
    return quads
