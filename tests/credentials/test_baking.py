"""Baked badges: the 1EdTech validator's baked fixtures, round trips, hostile input."""

from __future__ import annotations

import json
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openler.credentials import baking
from openler.credentials.baking import BAKING_ERROR_CODES, BakingError
from tests.credentials.conformance import OB30, need

JSON_BAKED = ["simple-json.png", "simple-json.svg"]
JWS_BAKED = ["simple-jwt.png", "simple-jwt.svg", "simple-jwt_v1.png", "simple-jwt_v1.svg"]


def _fixture(name: str) -> bytes:
    return need(OB30 / name).read_bytes()


def _chunk(ctype: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data))


def _tiny_png() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00")
    return (
        baking.PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><g/></svg>\n'
)
CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "name": "Ünïcode ]]> and <tags> & quotes \"'",
}


# -- the validator's baked fixtures --------------------------------------------------------


@pytest.mark.parametrize("name", JSON_BAKED)
def test_json_fixture_is_simple_json_with_its_own_proof(name: str) -> None:
    # The baked JSON is ob30/simple.json re-signed with another key: every member but
    # `proof` is equal, and the proof is an eddsa-rdfc-2022 DataIntegrityProof.
    plain = json.loads(_fixture("simple.json"))
    baked = baking.extract(_fixture(name))
    assert isinstance(baked, dict)
    assert {k: v for k, v in baked.items() if k != "proof"} == {
        k: v for k, v in plain.items() if k != "proof"
    }
    assert baked["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert baked["proof"] != plain["proof"]


def test_png_and_svg_json_fixtures_hold_the_same_credential() -> None:
    assert baking.extract(_fixture("simple-json.png")) == baking.extract(
        _fixture("simple-json.svg")
    )


@pytest.mark.parametrize("name", JWS_BAKED)
def test_jws_fixtures_give_a_compact_jws(name: str) -> None:
    baked = baking.extract(_fixture(name))
    assert isinstance(baked, str)
    assert baked.count(".") == 2
    assert baked.startswith("eyJhbGciOiJSUzI1NiIs")  # {"alg":"RS256",...


def test_v1_png_and_svg_hold_the_same_jws() -> None:
    assert baking.extract(_fixture("simple-jwt_v1.png")) == baking.extract(
        _fixture("simple-jwt_v1.svg")
    )


@pytest.mark.parametrize("name", JSON_BAKED + JWS_BAKED)
def test_a_baked_fixture_cannot_be_baked_again(name: str) -> None:
    with pytest.raises(BakingError) as caught:
        baking.bake(_fixture(name), CREDENTIAL)
    assert caught.value.code == "BAKE_ALREADY_BAKED"


# -- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("image", [_tiny_png(), SVG], ids=["png", "svg"])
@pytest.mark.parametrize("credential", [CREDENTIAL, "eyJh.eyJi.c2ln"], ids=["json", "jws"])
def test_bake_then_extract(image: bytes, credential: dict[str, object] | str) -> None:
    baked = baking.bake(image, credential)
    assert baking.extract(baked) == credential


def test_png_baking_keeps_every_other_chunk_byte_for_byte() -> None:
    png = _fixture("simple-json.png")
    # Take the fixture's credential out, bake ours in, and compare the rest of the file.
    chunks = baking._png_chunks(png)
    ours = baking._credential_chunks(chunks)[0]
    end = ours.start + 12 + len(ours.data)
    plain = png[: ours.start] + png[end:]
    baked = baking.bake_png(plain, CREDENTIAL)
    assert baking.extract(baked) == CREDENTIAL
    kept = [(c.type, c.data) for c in baking._png_chunks(baked) if c.type != b"iTXt"]
    assert kept == [(c.type, c.data) for c in baking._png_chunks(plain)]
    assert baking._png_chunks(baked)[-2].type == b"iTXt"  # just before IEND


def test_png_chunk_is_uncompressed_itxt_per_spec() -> None:
    baked = baking.bake_png(_tiny_png(), "eyJh.eyJi.c2ln")
    chunk = baking._credential_chunks(baking._png_chunks(baked))[0]
    assert chunk.data == b"openbadgecredential\x00\x00\x00\x00\x00eyJh.eyJi.c2ln"


def test_svg_baking_declares_the_namespace_on_svg_and_keeps_the_rest() -> None:
    svg = _fixture("simple-json.svg")
    start = svg.index(b"<openbadges:credential>")
    end = svg.index(b"</openbadges:credential>") + len(b"</openbadges:credential>")
    plain = svg[:start] + svg[end:]
    baked = baking.bake_svg(plain, CREDENTIAL)
    assert baking.extract(baked) == CREDENTIAL
    assert baked.count(b"https://purl.imsglobal.org/ob/v3p0") == 1  # already declared on <svg>
    assert baked.endswith(plain[plain.index(b"<path") :])


def test_svg_self_closing_root() -> None:
    baked = baking.bake_svg(b'<svg xmlns="http://www.w3.org/2000/svg"/>', CREDENTIAL)
    assert baked.endswith(b"</svg>")
    assert baking.extract(baked) == CREDENTIAL


def test_svg_prefix_bound_elsewhere_is_redeclared_on_the_element() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="urn:other"><g/></svg>'
    baked = baking.bake_svg(svg, "eyJh.eyJi.c2ln")
    assert baking.extract(baked) == "eyJh.eyJi.c2ln"


def test_json_text_is_baked_verbatim() -> None:
    text = '{"b": 1, "a": [1, 2]}'
    chunk = baking._credential_chunks(baking._png_chunks(baking.bake_png(_tiny_png(), text)))[0]
    assert chunk.data.endswith(text.encode())


# -- refusals ------------------------------------------------------------------------------


def _code(data: bytes) -> str:
    with pytest.raises(BakingError) as caught:
        baking.extract(data)
    assert caught.value.code in BAKING_ERROR_CODES
    return caught.value.code


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&d;</text></svg>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
<openbadges:credential>&x;</openbadges:credential></svg>"""
PARAMETER_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg SYSTEM "http://attacker.example/x.dtd">
<svg xmlns="http://www.w3.org/2000/svg">&undefined;</svg>"""
ATTLIST_DEFAULT = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ATTLIST openbadges:credential verify CDATA "eyJh.eyJi.c2ln">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
<openbadges:credential/></svg>"""


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (BILLION_LAUGHS, "BAKE_SVG_UNSAFE"),
        (XXE, "BAKE_SVG_UNSAFE"),
        (ATTLIST_DEFAULT, "BAKE_SVG_UNSAFE"),
        (PARAMETER_XXE, "BAKE_NOT_FOUND"),  # the external DTD is never read
        (b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", "BAKE_SVG_MALFORMED"),
        (b"<html/>", "BAKE_SVG_MALFORMED"),
        (b'<?xml version="1.0" encoding="TF-8"?><svg/>', "BAKE_SVG_MALFORMED"),  # found by fuzz
        (SVG, "BAKE_NOT_FOUND"),
        (b"GIF89a", "BAKE_UNSUPPORTED_FORMAT"),
        (b"", "BAKE_UNSUPPORTED_FORMAT"),
        (baking.PNG_SIGNATURE, "BAKE_PNG_MALFORMED"),
        (_tiny_png(), "BAKE_NOT_FOUND"),
        (_tiny_png()[:-1], "BAKE_PNG_MALFORMED"),
    ],
)
def test_refused_input_has_a_code(data: bytes, code: str) -> None:
    assert _code(data) == code


def test_two_svg_credentials_are_refused() -> None:
    once = baking.bake_svg(SVG, "eyJh.eyJi.c2ln")
    twice = once.replace(b"</svg>", b'<openbadges:credential verify="a.b.c"/></svg>')
    assert _code(twice) == "BAKE_DUPLICATE"


def test_two_png_chunks_are_refused() -> None:
    png = _tiny_png()
    chunk = _chunk(b"iTXt", b"openbadgecredential\x00\x00\x00\x00\x00a.b.c")
    assert _code(png[:-12] + chunk + chunk + png[-12:]) == "BAKE_DUPLICATE"


def test_compressed_chunk_is_refused() -> None:
    png = _tiny_png()
    data = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(b"a.b.c")
    assert _code(png[:-12] + _chunk(b"iTXt", data) + png[-12:]) == "BAKE_COMPRESSED"


def test_bad_crc_is_refused() -> None:
    baked = bytearray(baking.bake_png(_tiny_png(), CREDENTIAL))
    baked[-20] ^= 0x01  # a byte of the credential text
    assert _code(bytes(baked)) == "BAKE_PNG_MALFORMED"


def test_open_badges_2_images_are_named() -> None:
    png = _tiny_png()
    ob2 = _chunk(b"iTXt", b"openbadges\x00\x00\x00\x00\x00{}")
    assert _code(png[:-12] + ob2 + png[-12:]) == "BAKE_OB2_BADGE"
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="http://openbadges.org">'
        b'<o:assertion verify="x"/></svg>'
    )
    assert _code(svg) == "BAKE_OB2_BADGE"


@pytest.mark.parametrize("text", ['{"a": 1, "a": 2}', "[1]", "not json", '{"n": NaN}', "a.b", "{"])
def test_text_that_is_not_a_credential_is_refused(text: str) -> None:
    png = _tiny_png()
    data = b"openbadgecredential\x00\x00\x00\x00\x00" + text.encode()
    assert _code(png[:-12] + _chunk(b"iTXt", data) + png[-12:]) == "BAKE_TEXT_INVALID"


def test_svg_verify_and_body_together_are_refused() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0">'
        b'<ob:credential verify="a.b.c">{"a": 1}</ob:credential></svg>'
    )
    assert _code(svg) == "BAKE_TEXT_INVALID"


def test_bake_refuses_non_utf8_svg_and_non_credential_text() -> None:
    latin = b'<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"/>'
    with pytest.raises(BakingError) as caught:
        baking.bake(latin, CREDENTIAL)
    assert caught.value.code == "BAKE_SVG_ENCODING"
    with pytest.raises(BakingError) as caught:
        baking.bake(_tiny_png(), "hello")
    assert caught.value.code == "BAKE_TEXT_INVALID"


# -- fuzz: damaged images give a coded error, never a crash ---------------------------------


def _mutations() -> st.SearchStrategy[tuple[int, int, bytes]]:
    return st.tuples(st.integers(0, 10**6), st.integers(0, 64), st.binary(max_size=16))


def _mutate(data: bytes, edit: tuple[int, int, bytes]) -> bytes:
    at, cut, insert = edit
    at %= len(data) + 1
    return data[:at] + insert + data[at + cut :]


def _extract_or_coded_error(data: bytes) -> None:
    """Either a credential comes out, or a BakingError with a code from the table."""
    code = None
    try:
        result = baking.extract(data)
    except BakingError as exc:
        code = exc.code
    if code is None:
        assert isinstance(result, dict | str)
    else:
        assert code in BAKING_ERROR_CODES


_PNG_SEED = baking.bake_png(_tiny_png(), CREDENTIAL)
_SVG_SEED = baking.bake_svg(SVG, CREDENTIAL)
_FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(st.lists(_mutations(), min_size=1, max_size=3))
def test_damaged_png_never_crashes(edits: list[tuple[int, int, bytes]]) -> None:
    data = _PNG_SEED
    for edit in edits:
        data = _mutate(data, edit)
    _extract_or_coded_error(data)


@_FUZZ
@given(st.lists(_mutations(), min_size=1, max_size=3))
def test_damaged_svg_never_crashes(edits: list[tuple[int, int, bytes]]) -> None:
    data = _SVG_SEED
    for edit in edits:
        data = _mutate(data, edit)
    _extract_or_coded_error(data)


@_FUZZ
@given(st.binary(max_size=256))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    for candidate in (data, baking.PNG_SIGNATURE + data, b"<svg " + data):
        _extract_or_coded_error(candidate)
