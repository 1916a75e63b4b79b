"""base58btc and the multibase/multicodec framing used by Multikey and did:key.

base58btc is small enough to write here (the Bitcoin alphabet; leading zero bytes become
leading '1's). Multibase puts 'z' in front for base58btc; multicodec puts a varint-encoded
codec number in front of the key bytes (0xed01 for an Ed25519 public key, 0x8026 for an
Ed25519 private key seed, per the W3C Controlled Identifiers spec and the multicodec table).
"""

from __future__ import annotations

from openler.credentials.proof_errors import ProofError

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: i for i, char in enumerate(ALPHABET)}

ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"


# Two base58 digits per division: half the big-integer divisions (a signature each credential).
_PAIRS = [a + b for a in ALPHABET for b in ALPHABET]


def b58encode(data: bytes) -> str:
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, rem = divmod(number, 58 * 58)
        out.append(_PAIRS[rem])
    # The top pair may start with a zero digit ('1') that is not part of the number.
    return "1" * zeros + "".join(reversed(out)).lstrip("1")


_ALPHABET_BYTES = ALPHABET.encode("ascii")
_DIGITS = bytes.maketrans(_ALPHABET_BYTES, bytes(range(58)))


_58_4 = 58**4


def b58decode(text: str) -> bytes:
    # bytes.translate maps the characters to digit values in C; the loop then takes four
    # digits per big-integer multiply-add (every verification decodes an 88-character
    # signature; one digit per step cost twice the time)
    raw = text.encode("utf-8", "surrogatepass")
    if raw.translate(None, _ALPHABET_BYTES):  # anything left after deleting the alphabet
        bad = next(char for char in text if char not in _INDEX)
        raise ProofError("KEY_INVALID", f"{bad!r} is not a base58btc character")
    digits = raw.translate(_DIGITS)
    head = len(digits) % 4
    number = 0
    for digit in digits[:head]:
        number = number * 58 + digit
    quads = zip(
        digits[head::4],
        digits[head + 1 :: 4],
        digits[head + 2 :: 4],
        digits[head + 3 :: 4],
        strict=True,
    )
    for a, b, c, d in quads:
        number = number * _58_4 + ((a * 58 + b) * 58 + c) * 58 + d
    zeros = len(raw) - len(raw.lstrip(b"1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode_z(data: bytes) -> str:
    """Multibase base58btc: 'z' + base58btc(data)."""
    return "z" + b58encode(data)


def decode_z(text: str, *, what: str = "value") -> bytes:
    if not isinstance(text, str) or not text.startswith("z") or len(text) < 2:
        raise ProofError("KEY_INVALID", f"{what} must be multibase base58btc (start with 'z')")
    return b58decode(text[1:])


def encode_multikey(prefix: bytes, key: bytes) -> str:
    return encode_z(prefix + key)


def decode_multikey(text: str, prefix: bytes, *, what: str) -> bytes:
    """The 32 key bytes of a multibase multicodec value with the expected codec prefix."""
    raw = decode_z(text, what=what)
    if not raw.startswith(prefix) or len(raw) != len(prefix) + 32:
        raise ProofError(
            "KEY_INVALID",
            f"{what} is not an Ed25519 key (expected multicodec 0x{prefix.hex()} and 32 bytes)",
            field=what,
        )
    return raw[len(prefix) :]
