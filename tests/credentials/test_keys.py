"""Ed25519 keys in Multikey form (W3C Controlled Identifiers; vc-di-eddsa vectors)."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openler.credentials.keys import ED25519_2020, Ed25519KeyPair, verify_signature
from openler.credentials.multibase import b58decode, b58encode, decode_z
from openler.credentials.proof_errors import ProofError
from tests.credentials.core_support import VECTORS, needs_conformance, read_json


def test_base58btc_known_values() -> None:
    # Bitcoin base58 test values (draft-msporny-base58): "Hello World!" and leading zeros
    assert b58encode(b"Hello World!") == "2NEpo7TZRRrLZSi2U"
    assert b58decode("2NEpo7TZRRrLZSi2U") == b"Hello World!"
    assert b58encode(b"\0\0\x01") == "112"
    # One and two base58 digits by the definition (57 is 'z'; 58 = 1*58 + 0 is "21"), and
    # 58*58 = 1*58^2 + 0 + 0 is "211": no stray zero digit where digits are taken two at a time.
    assert b58encode(bytes([57])) == "z"
    assert b58encode(bytes([58])) == "21"
    assert b58encode((58 * 58).to_bytes(2, "big")) == "211"
    assert b58encode((58 * 58 - 1).to_bytes(2, "big")) == "zz"
    assert b58decode("112") == b"\0\0\x01"
    assert b58encode(b"") == ""


_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=100))
def test_base58btc_decodes_by_the_definition(text: str) -> None:
    # every length (the decoder takes digits four at a time): the number is the sum of
    # digit * 58^place, and each leading '1' is a zero byte
    number = sum(_ALPHABET.index(char) * 58**place for place, char in enumerate(reversed(text)))
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    assert b58decode(text) == b"\0" * zeros + body


@given(st.binary(max_size=80))
def test_base58btc_round_trips(data: bytes) -> None:
    assert b58decode(b58encode(data)) == data


@needs_conformance
def test_vector_key_prefixes() -> None:
    pair = read_json(VECTORS / "keyPair.json")
    assert decode_z(pair["publicKeyMultibase"])[:2] == b"\xed\x01"
    assert decode_z(pair["privateKeyMultibase"])[:2] == b"\x80\x26"
    key = Ed25519KeyPair.from_json(pair)
    assert key.seed == decode_z(pair["privateKeyMultibase"])[2:]
    assert key.public_key == decode_z(pair["publicKeyMultibase"])[2:]


def test_generate_round_trips_through_multikey_json() -> None:
    key = Ed25519KeyPair.generate(id="did:example:1#k", controller="did:example:1")
    document = key.to_json(include_secret=True)
    assert document["type"] == "Multikey"
    assert document["publicKeyMultibase"].startswith("z6Mk")
    assert document["secretKeyMultibase"].startswith("z3u2")
    again = Ed25519KeyPair.from_json(document)
    assert again == key
    public = Ed25519KeyPair.from_json(key.to_json())
    assert public.seed is None
    assert public.verify(key.sign(b"message"), b"message")
    assert not public.verify(key.sign(b"message"), b"messagf")


def test_ed25519_2020_key_format() -> None:
    key = Ed25519KeyPair.from_seed(bytes(32))
    document = key.to_json(key_type=ED25519_2020)
    assert document["type"] == "Ed25519VerificationKey2020"
    assert "@context" not in document
    assert Ed25519KeyPair.from_json(document).public_key == key.public_key


@pytest.mark.parametrize(
    "document",
    [
        {"publicKeyMultibase": "6MkrJVnaZ"},  # no multibase prefix
        {"publicKeyMultibase": "z0OIl"},  # not base58
        {"publicKeyMultibase": "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169"},  # P-256
        {"type": "JsonWebKey2020", "publicKeyMultibase": "z6Mk"},
    ],
)
def test_malformed_keys_are_refused(document: dict[str, str]) -> None:
    with pytest.raises(ProofError) as caught:
        Ed25519KeyPair.from_json(document)
    assert caught.value.code == "KEY_INVALID"


def test_secret_must_match_public() -> None:
    one, two = Ed25519KeyPair.from_seed(bytes(32)), Ed25519KeyPair.from_seed(bytes([1]) * 32)
    document = {"publicKeyMultibase": one.public_multibase,
                "secretKeyMultibase": two.secret_multibase}  # fmt: skip
    with pytest.raises(ProofError, match="does not match"):
        Ed25519KeyPair.from_json(document)


def test_public_key_cannot_sign() -> None:
    public = Ed25519KeyPair(public_key=Ed25519KeyPair.from_seed(bytes(32)).public_key)
    with pytest.raises(ProofError):
        public.sign(b"x")


def test_a_key_pair_pickles_and_still_signs() -> None:
    # worker processes receive key pairs by pickling; the cached OpenSSL object is rebuilt

    key = Ed25519KeyPair.from_seed(bytes(range(32)), "did:example:a#1", "did:example:a")
    copy = pickle.loads(pickle.dumps(key))  # noqa: S301 (our own bytes)
    assert copy == key
    assert copy.id == key.id
    assert copy.controller == key.controller
    assert copy.sign(b"message") == key.sign(b"message")
    assert key.verify(copy.sign(b"message"), b"message")


# RFC 8032 section 7.1, TEST 1 (empty message)
_RFC8032_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
_RFC8032_SIGNATURE = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)


def test_verify_signature_accepts_the_rfc8032_vector_and_nothing_else() -> None:
    assert verify_signature(_RFC8032_PUBLIC, _RFC8032_SIGNATURE, b"")
    assert not verify_signature(_RFC8032_PUBLIC, _RFC8032_SIGNATURE, b"\x00")
    flipped = bytes([_RFC8032_SIGNATURE[0] ^ 1]) + _RFC8032_SIGNATURE[1:]
    assert not verify_signature(_RFC8032_PUBLIC, flipped, b"")
    assert not verify_signature(_RFC8032_PUBLIC, _RFC8032_SIGNATURE[:63], b"")
    assert not verify_signature(_RFC8032_PUBLIC[:31], _RFC8032_SIGNATURE, b"")
    assert not verify_signature(_RFC8032_PUBLIC, _RFC8032_SIGNATURE + b"\x00", b"")


def test_verify_signature_refuses_the_identity_key_forgery() -> None:
    # The identity point (y = 1) as public key with R = identity and S = 0 satisfies the
    # cofactorless equation [S]B = R + [k]A for every message (OpenSSL accepts it); a
    # small-order key must be refused.
    identity = b"\x01" + b"\x00" * 31
    for message in (b"", b"any claim at all"):
        assert not verify_signature(identity, identity + b"\x00" * 32, message)
