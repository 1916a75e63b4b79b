"""Our RDFC-1.0 (``credentials.rdfc``) and JSON-LD-to-RDF fast path (``credentials._tordf``).

Expected values come from outside our code: pyld's URDNA2015 (the same algorithm, named
RDFC-1.0 since 2024), pyld's full JSON-LD pipeline in safe mode, and, when present, the W3C
rdf-canon test suite (no package on the registries the project uses ships it: see
``docs/credentials.md``; point ``OPENLER_RDF_CANON_TESTS`` at a copy of its ``tests``
folder to run it).
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyld.canon import URDNA2015

from openler.credentials import _tordf, rdfc, safe_mode
from openler.credentials._tordf import Unsupported, document_quads
from openler.credentials.contexts import BundledLoader, default_loader
from openler.credentials.proof_errors import ProofError
from tests.credentials.conformance import CONFORMANCE, fixture_files, load
from tests.credentials.core_support import VECTORS, vector_loader
from tests.credentials.strategies import V1, V2, achievement_credentials
from tests.credentials.test_jwt import CREDENTIAL_V2
from tests.credentials.test_presentations import VP

XSD = "http://www.w3.org/2001/XMLSchema#"

# --- RDFC-1.0 against pyld's implementation -------------------------------------------


def _pyld_canon(dataset: dict[str, list[dict[str, Any]]]) -> str:
    result: str = URDNA2015().main(copy.deepcopy(dataset), {"format": "application/n-quads"})
    return result


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """Small datasets dense in blank nodes (so Hash N-Degree Quads runs), without a blank
    node twice in one quad (pyld deviates there, see the test below) or duplicate quads."""
    blanks = [f"_:n{i}" for i in range(draw(st.integers(0, 7)))]
    iris = [f"http://example.org/{i}" for i in range(draw(st.integers(1, 3)))]

    def term(position: str) -> dict[str, Any]:
        kinds = ["iri"] + (["blank"] * 3 if blanks else [])
        if position == "o":
            kinds.append("literal")
        kind = draw(st.sampled_from(kinds))
        if kind == "blank":
            return {"type": "blank node", "value": draw(st.sampled_from(blanks))}
        if kind == "iri":
            return {"type": "IRI", "value": draw(st.sampled_from(iris))}
        value = draw(st.sampled_from(["a", "b", 'q"\\\t\n\r', "Ω ü"]))
        datatype = draw(st.sampled_from([XSD + "string", XSD + "integer", "http://e.org/t"]))
        return {"type": "literal", "value": value, "datatype": datatype}

    graphs: dict[str, list[dict[str, Any]]] = {}
    seen = set()
    for _ in range(draw(st.integers(1, 14))):
        names = ["@default", "@default", "http://example.org/g", *blanks]
        graph = draw(st.sampled_from(names))
        triple = {
            "subject": term("s"),
            "predicate": {"type": "IRI", "value": f"http://example.org/p{draw(st.integers(0, 1))}"},
            "object": term("o"),
        }
        mentioned = [
            triple[k]["value"] for k in ("subject", "object") if triple[k]["type"] != "IRI"
        ]
        if graph.startswith("_:"):
            mentioned.append(graph)
        blank_mentions = [m for m in mentioned if m.startswith("_:")]
        key = json.dumps([graph, triple], sort_keys=True)
        if len(blank_mentions) != len(set(blank_mentions)) or key in seen:
            continue
        seen.add(key)
        graphs.setdefault(graph, []).append(triple)
    return graphs


# Found by the test below: _:n4 and _:n5 have the same first-degree hash and the same
# N-degree hash (each is subject of one quad and object of the other, in graphs _:n0 and _:n1
# that are already labelled), yet are not interchangeable (_:n0 is also an object in the
# default graph). The unique first-degree hashes label _:n2, _:n0, _:n1 as c14n0-c14n2 (their
# SHA-256 order); the tie is then broken by input order: the first of _:n4, _:n5 to be
# mentioned becomes c14n3 (RDFC-1.0 4.4.3 steps 3 and 5.3).
def _B(value: str) -> dict[str, str]:  # noqa: N802 - reads like the terms it builds
    return {"type": "blank node", "value": value}


_P, _O = (
    {"type": "IRI", "value": "http://example.org/p0"},
    {"type": "IRI", "value": "http://example.org/0"},
)
_TIED = {
    "_:n0": [{"subject": _B("_:n4"), "predicate": _P, "object": _B("_:n5")}],
    "@default": [
        {"subject": _O, "predicate": _P, "object": _O},
        {"subject": _O, "predicate": _P, "object": _B("_:n0")},
    ],
    "_:n1": [{"subject": _B("_:n5"), "predicate": _P, "object": _B("_:n4")}],
    "_:n2": [{"subject": _O, "predicate": _P, "object": _O}],
}
_COMMON = (
    "<http://example.org/0> <http://example.org/p0> <http://example.org/0> .\n"
    "<http://example.org/0> <http://example.org/p0> <http://example.org/0> _:c14n0 .\n"
    "<http://example.org/0> <http://example.org/p0> _:c14n1 .\n"
)


@settings(max_examples=400, deadline=None)
@given(datasets())
@example(dataset=_TIED)
def test_canonical_form_matches_pyld(dataset: dict[str, list[dict[str, Any]]]) -> None:
    quads = rdfc.quads_from_pyld(dataset)
    ours, theirs = rdfc.canonicalize(quads), _pyld_canon(dataset)
    if ours != theirs:
        # Only where two blank nodes tie on the N-degree hash: RDFC-1.0 then labels them in
        # the order the input mentions them, pyld in the order it iterates a Python set (its
        # URDNA2015 keeps "non-normalized identifiers" in one), so pyld is no oracle there;
        # the input-order rule is checked by hand below. Both are still the same dataset.
        assert rdfc._issue_all(list(dict.fromkeys(quads))).tied
        assert _unlabelled(ours) == _unlabelled(theirs)


def _unlabelled(nquads: str) -> list[str]:
    return sorted(re.sub(r"_:c14n\d+", "_:", line) for line in nquads.splitlines())


def test_a_tie_is_broken_by_input_order() -> None:
    # _:n4 first (the quad in _:n0 comes first): _:n4 -> c14n3, _:n5 -> c14n4.
    n4_first = rdfc.canonicalize(rdfc.quads_from_pyld(_TIED))
    assert n4_first == _COMMON + (
        "_:c14n3 <http://example.org/p0> _:c14n4 _:c14n1 .\n"
        "_:c14n4 <http://example.org/p0> _:c14n3 _:c14n2 .\n"
    )
    # The quad in _:n1 first mentions _:n5 first: _:n5 -> c14n3, _:n4 -> c14n4.
    reordered = {key: _TIED[key] for key in ("_:n1", "@default", "_:n0", "_:n2")}
    assert rdfc.canonicalize(rdfc.quads_from_pyld(reordered)) == _COMMON + (
        "_:c14n3 <http://example.org/p0> _:c14n4 _:c14n2 .\n"
        "_:c14n4 <http://example.org/p0> _:c14n3 _:c14n1 .\n"
    )
    assert rdfc._issue_all(rdfc.quads_from_pyld(_TIED)).tied


def _ring(size: int, graph: str = "@default") -> list[dict[str, Any]]:
    return [
        {
            "subject": {"type": "blank node", "value": f"_:r{i}"},
            "predicate": {"type": "IRI", "value": "http://example.org/next"},
            "object": {"type": "blank node", "value": f"_:r{(i + 1) % size}"},
        }
        for i in range(size)
    ]


@pytest.mark.parametrize(
    "dataset",
    [
        {"@default": _ring(6)},  # every node looks alike: N-degree all the way
        {
            "@default": _ring(3)
            + [dict(t, subject={"type": "blank node", "value": "_:x"}) for t in _ring(3)[:1]]
        },
        {"@default": _ring(4), "http://example.org/g": _ring(5)},
        {
            "@default": [
                {
                    "subject": {"type": "blank node", "value": f"_:k{i}"},
                    "predicate": {"type": "IRI", "value": "http://example.org/knows"},
                    "object": {"type": "blank node", "value": f"_:k{j}"},
                }
                for i in range(4)
                for j in range(4)
                if i != j
            ]
        },
    ],
    ids=["ring-6", "ring-and-tail", "two-rings-two-graphs", "complete-4"],
)
def test_symmetric_graphs_match_pyld(dataset: dict[str, list[dict[str, Any]]]) -> None:
    assert rdfc.canonicalize(rdfc.quads_from_pyld(dataset)) == _pyld_canon(dataset)


def test_a_blank_node_twice_in_one_quad_is_hashed_once_as_rdf_canonize_does() -> None:
    # RDFC-1.0 4.4.3 step 2 adds "a reference to Q" per blank node of Q; rdf-canonize (the
    # reference implementation) keeps a set, one reference; pyld 3.3 lists such a quad
    # twice, so its first-degree hash differs. rdfc follows rdf-canonize. The fast path never
    # hands such a dataset to rdfc (it defers to pyld), so signatures keep pyld's bytes.
    quads = [
        ("_:a", "<http://example.org/p>", "_:a", ""),
        ("_:b", "<http://example.org/p>", "_:c", ""),
        ("_:c", "<http://example.org/p>", "_:b", ""),
    ]
    state = rdfc._State(quads)
    assert state.by_blank["_:a"] == [quads[0]]
    expected = rdfc._sha256("_:a <http://example.org/p> _:a .\n")
    assert state.hash_first_degree("_:a") == expected


def test_issued_labels_and_poison_limit() -> None:
    quads = rdfc.quads_from_pyld({"@default": _ring(3)})
    assert sorted(rdfc.issued_labels(quads).values()) == ["c14n0", "c14n1", "c14n2"]
    limit = rdfc.MAX_NDEGREE_CALLS
    rdfc.MAX_NDEGREE_CALLS = 2
    try:
        with pytest.raises(rdfc.CanonicalizationError):
            rdfc.canonicalize(quads)
    finally:
        rdfc.MAX_NDEGREE_CALLS = limit


# --- the W3C rdf-canon test suite, when a copy is present ------------------------------

SUITE = Path(os.environ.get("OPENLER_RDF_CANON_TESTS", Path.home() / ".cache/openler/rdf-canon"))


def _suite_entries() -> list[dict[str, Any]]:
    manifest = SUITE / "manifest.jsonld"
    if not manifest.is_file():
        return []
    entries: list[dict[str, Any]] = json.loads(manifest.read_text("utf-8"))["entries"]
    return [e for e in entries if e.get("type") in ("rdfc:RDFC10EvalTest", "rdfc:RDFC10MapTest")]


_TERM = re.compile(
    r'<([^>]*)>|(_:[^\s]+)|"((?:[^"\\]|\\.)*)"(?:@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)|\^\^<([^>]*)>)?'
)
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[btnfr\"'\\])")
_ECHARS = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return chr(int(code[1:], 16)) if code[0] in "uU" else _ECHARS[code]

    return _ESCAPE.sub(one, text)


def parse_nquads(text: str) -> list[rdfc.Quad]:
    """N-Quads lines to rdfc quads (terms rewritten in canonical form)."""
    quads = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = []
        for match in _TERM.finditer(line.rstrip(".").strip()):
            iri, blank, value, language, datatype = match.groups()
            if iri is not None:
                terms.append("<" + _unescape(iri) + ">")
            elif blank is not None:
                terms.append(blank)
            elif language:
                terms.append(rdfc.literal(_unescape(value), rdfc.RDF_LANGSTRING, language))
            else:
                terms.append(rdfc.literal(_unescape(value), _unescape(datatype or rdfc.XSD_STRING)))
        assert len(terms) in (3, 4), line
        quads.append((terms[0], terms[1], terms[2], terms[3] if len(terms) == 4 else ""))
    return quads


def test_literal_escapes_as_canonical_n_quads() -> None:
    # rdf-canonize's table: ECHAR for \b \t \n \f \r " \, \uXXXX for other C0 and DEL
    assert rdfc.literal('\b\t\n\f\r"\\\x01\x7fΩ') == '"\\b\\t\\n\\f\\r\\"\\\\\\u0001\\u007FΩ"'
    assert parse_nquads('<a:s> <a:p> "x\\u0001\\ty"@en .')[0][2] == '"x\\u0001\\ty"@en'


@pytest.mark.skipif(
    not _suite_entries(),
    reason=f"the W3C rdf-canon tests are not in {SUITE} (no registry package ships them; "
    "set OPENLER_RDF_CANON_TESTS to a copy of https://w3c.github.io/rdf-canon/tests/)",
)
@pytest.mark.parametrize("entry", _suite_entries(), ids=lambda e: str(e.get("id")))
def test_w3c_rdf_canon_suite(entry: dict[str, Any]) -> None:
    quads = parse_nquads((SUITE / entry["action"]).read_text("utf-8"))
    expected = (SUITE / entry["result"]).read_text("utf-8")
    if entry["type"] == "rdfc:RDFC10MapTest":
        assert rdfc.issued_labels(quads) == json.loads(expected)
    else:
        assert rdfc.canonicalize(quads) == expected


# --- the fast path against pyld's full pipeline ----------------------------------------


def _outcome(canonize: Any, document: Any, loader: BundledLoader) -> tuple[str, str]:
    try:
        return ("ok", canonize(document, loader))
    except ProofError as error:
        return ("error", error.code)


def _fast(document: Any, loader: BundledLoader) -> bool:
    """True when the fast path handles ``document`` itself."""
    options = safe_mode._fast_options(loader)
    try:
        document_quads(document, safe_mode._SafeProcessor(loader), options, loader.tordf)
    except Exception:
        return False
    return True


def _same_as_pyld(document: Any, loader: BundledLoader) -> bool:
    """Assert both give the same bytes or the same error; True if the fast path ran."""
    ours = _outcome(safe_mode.canonize_rdfc, document, loader)
    assert ours == _outcome(safe_mode.canonize_rdfc_pyld, document, loader)
    fast = _fast(document, loader)
    assert not fast or ours[0] == "ok"  # the fast path never passes what pyld rejects
    return fast


def _documents(node: Any) -> list[Any]:
    """A credential, its proof-less form, and every embedded credential."""
    found = [node]
    if isinstance(node, dict):
        if "proof" in node:
            found.append({k: v for k, v in node.items() if k != "proof"})
        for value in node.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and "@context" in item:
                    found.extend(_documents(item))
    return found


def test_every_conformance_fixture_canonicalizes_as_pyld_does() -> None:
    files = fixture_files()
    if not files:
        pytest.skip(f"conformance fixtures not found at {CONFORMANCE}")
    fast = total = 0
    for path in files:
        try:
            document = load(path)
        except (ValueError, UnicodeDecodeError):
            continue
        for candidate in _documents(document):
            total += 1
            fast += _same_as_pyld(candidate, default_loader())
    # the fast path takes every fixture pyld canonicalizes (47 of 92 now; the rest fail safe mode or
    # name contexts that are not bundled, and pyld reports those)
    assert total > 80
    assert fast > total // 3, (fast, total)


def test_w3c_vectors_take_the_fast_path() -> None:
    if not VECTORS.is_dir():
        pytest.skip(f"vectors not found at {VECTORS}")
    loader = vector_loader()
    for path in sorted(VECTORS.rglob("*.json")):
        document = json.loads(path.read_text("utf-8"))
        if isinstance(document, dict) and "@context" in document:
            for candidate in _documents(document):
                fast = _same_as_pyld(candidate, loader)
                canonical = _outcome(safe_mode.canonize_rdfc_pyld, candidate, loader)
                # all but the employment example, whose context is not bundled
                assert fast or canonical[0] == "error", path


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(achievement_credentials())
def test_generated_credentials_canonicalize_as_pyld_does(document: dict[str, Any]) -> None:
    _same_as_pyld(document, default_loader())


# Credentials built from the terms the bundled contexts define, with values of every kind
# the fast path handles or refuses: most canonicalize, so the comparison has teeth.
TEXT = st.text(st.sampled_from('aZ Ω\u00fc"\\\t\n\r\x08\x0c\x7f<'), max_size=6)
IDS = st.sampled_from(
    ["urn:uuid:1", "did:example:a", "https://e.org/x", "_:b1", "_:b2"] * 6 + ["relative", "a b:c"]
)
SCALARS = TEXT | st.booleans() | st.integers(-2, 2) | st.sampled_from([1.5, 2.0, 2**70])


def node(type_: str, fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    @st.composite
    def build(draw: st.DrawFn) -> Any:
        out: dict[str, Any] = {"type": draw(st.sampled_from([type_, [type_]]))}
        if draw(st.booleans()):
            out["id"] = draw(IDS)
        for key in draw(st.lists(st.sampled_from(sorted(fields)), max_size=4, unique=True)):
            out[key] = draw(fields[key])
        return out

    return build()


def some(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return strategy | st.lists(strategy | st.none(), max_size=3) | st.none()


IMAGE = IDS | node("Image", {"caption": TEXT})
ALIGNMENT = node(
    "Alignment", {"targetName": TEXT, "targetUrl": IDS, "targetType": TEXT, "targetCode": SCALARS}
)
RESULT_DESCRIPTION = node(
    "ResultDescription",
    {"allowedValue": some(TEXT), "name": TEXT, "resultType": TEXT, "valueMax": SCALARS},
)
ACHIEVEMENT = node(
    "Achievement",
    {
        "name": TEXT,
        "description": TEXT,
        "criteria": IDS | node("Criteria", {"narrative": TEXT}),
        "alignment": some(ALIGNMENT),
        "creditsAvailable": SCALARS,
        "tag": some(TEXT),
        "resultDescription": some(RESULT_DESCRIPTION),
        "image": IMAGE,
        "humanCode": SCALARS,
        "notDefinedHere": TEXT,
    },
)
SUBJECT = node(
    "AchievementSubject",
    {
        "achievement": ACHIEVEMENT,
        "creditsEarned": SCALARS,
        "identifier": some(
            node("IdentityObject", {"hashed": SCALARS, "identityHash": TEXT, "salt": TEXT})
        ),
        "result": some(node("Result", {"value": SCALARS, "status": TEXT})),
        "source": IDS,
    },
)
PROFILE = node("Profile", {"name": TEXT, "url": IDS, "image": IMAGE, "parentOrg": IDS})
PROOF = node(
    "DataIntegrityProof",
    {"cryptosuite": TEXT, "created": TEXT, "verificationMethod": IDS, "proofPurpose": TEXT},
)


@st.composite
def rich_credentials(draw: st.DrawFn) -> dict[str, Any]:
    v2 = draw(st.booleans())
    document: dict[str, Any] = {
        "@context": (
            [V2, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
            if v2
            else [V1, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"]
        ),
        "id": draw(IDS),
        "type": draw(st.permutations(["VerifiableCredential", "OpenBadgeCredential"])),
        "issuer": draw(IDS | PROFILE),
        "credentialSubject": draw(SUBJECT),
        "name": draw(TEXT),
        "validFrom" if v2 else "issuanceDate": draw(st.sampled_from(["2025-03-01T00:00:00Z", "x"])),
    }
    extra = {"description": TEXT, "proof": some(PROOF), "image": IMAGE, "endorsement": st.none()}
    for key in draw(st.lists(st.sampled_from(sorted(extra)), max_size=2, unique=True)):
        document[key] = draw(extra[key])
    return document


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_credentials())
def test_rich_credentials_canonicalize_or_fail_as_pyld_does(document: dict[str, Any]) -> None:
    _same_as_pyld(document, default_loader())


def test_a_typical_credential_takes_the_fast_path() -> None:
    assert _same_as_pyld(copy.deepcopy(CREDENTIAL_V2), default_loader())


def test_a_presentation_takes_the_fast_path() -> None:
    # its verifiableCredential term resets the context (@context: null) around a @graph
    # container, and each credential brings its own contexts
    documents = _documents(VP)
    assert len(documents) == 6
    assert all(_same_as_pyld(document, default_loader()) for document in documents)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"undefinedTerm": "x"}, "SAFE_MODE_UNDEFINED_TERM"),
        ({"id": "relative/iri"}, "SAFE_MODE_RELATIVE_IRI"),
        ({"type": ["VerifiableCredential", "NoSuchType"]}, "SAFE_MODE_RELATIVE_IRI"),
    ],
)
def test_safe_mode_still_applies(change: dict[str, Any], code: str) -> None:
    # with the VC 1.1 context (no @vocab), so an undefined term stays undefined
    document = {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        ],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "issuanceDate": "2025-03-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:1"},
        **change,
    }
    with pytest.raises(ProofError) as caught:
        safe_mode.canonize_rdfc(document, default_loader())
    assert caught.value.code == code
    options = safe_mode._fast_options(default_loader())
    processor = safe_mode._SafeProcessor(default_loader())
    with pytest.raises(Unsupported):
        document_quads(document, processor, options, default_loader().tordf)


@pytest.mark.parametrize(
    "contexts",
    [
        [V2, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        ["https://w3id.org/security/v2"],
    ],
)
def test_node_ids_expand_as_pyld_expands_them(contexts: list[str]) -> None:
    loader = default_loader()
    processor = safe_mode._SafeProcessor(loader)
    options = safe_mode._fast_options(loader)
    active = processor._process_context(processor._get_initial_context(options), contexts, options)
    converter = _tordf._Converter(processor, options, {})
    values = [
        "https://e.org/a", "_:b0", "did:example:1", "urn:uuid:x", "sec:proof", "xsd:string",
        "cred:issuer", "schema:name", "relative", "@id", "@foo:bar", "a b:c", "http:x", ":x",
        "did:", "_:", "dc:title", "https:", "id", "type",
    ]  # fmt: skip
    for value in values:
        expected = processor._expand_iri(active, value, base=None, vocab=False)
        assert converter.node_iri(active, value) == expected, value
