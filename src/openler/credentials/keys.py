"""Ed25519 keys: generate, import, and the two JSON key formats OpenLER reads and writes.

- Multikey (W3C Controlled Identifiers 1.0): ``publicKeyMultibase`` is 'z' + base58btc of
  0xed01 + the 32-byte public key; ``secretKeyMultibase`` is 'z' + base58btc of 0x8026 + the
  32-byte seed. The W3C vc-di-eddsa vectors' keyPair.json calls the latter
  ``privateKeyMultibase``; both names are read.
- Ed25519VerificationKey2020 (for the Ed25519Signature2020 suite): the same multibase public
  key value under that type name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl.bindings import crypto_sign_open
from nacl.exceptions import CryptoError

from openler.credentials.multibase import (
    ED25519_PRIV,
    ED25519_PUB,
    decode_multikey,
    encode_multikey,
)
from openler.credentials.proof_errors import ProofError

MULTIKEY = "Multikey"
ED25519_2020 = "Ed25519VerificationKey2020"
KEY_TYPES = (MULTIKEY, ED25519_2020)


def public_key_multibase(public_key: bytes) -> str:
    return encode_multikey(ED25519_PUB, public_key)


def public_key_from_multibase(value: str) -> bytes:
    return decode_multikey(value, ED25519_PUB, what="publicKeyMultibase")


def verify_signature(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``message``.

    Every Ed25519 verification goes through here, and here through libsodium (PyNaCl):
    it takes about 60% of OpenSSL's time (``cryptography``: 130 us here, plus 50 us to load
    the public key), the largest single cost of verifying an eddsa-jcs-2022 credential.
    libsodium is also the stricter verifier: besides a canonical S (as OpenSSL) it refuses
    small-order and non-canonical public keys and R values, with which a signature can be
    made valid for more than one message. Signing stays with ``cryptography``.
    """
    if len(signature) != 64 or len(public_key) != 32:
        return False
    try:
        crypto_sign_open(bytes(signature) + bytes(message), bytes(public_key))
    except (CryptoError, ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True)
class Ed25519KeyPair:
    """An Ed25519 key; ``seed`` is None for a public-only key (verification)."""

    public_key: bytes
    seed: bytes | None = field(default=None, repr=False)  # never in a log line
    id: str | None = None  # the verification method id, when known
    controller: str | None = None
    # The OpenSSL key object, made once: building it from the seed derives the public key
    # (a scalar multiplication), which would double the cost of every signature.
    _private: Ed25519PrivateKey | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if self.seed is not None and len(self.seed) == 32:
            object.__setattr__(self, "_private", Ed25519PrivateKey.from_private_bytes(self.seed))

    def __reduce__(self) -> tuple[Any, ...]:
        # The OpenSSL object cannot be pickled (worker processes get key pairs this way):
        # rebuild from the fields.
        return (Ed25519KeyPair, (self.public_key, self.seed, self.id, self.controller))

    @classmethod
    def generate(cls, *, id: str | None = None, controller: str | None = None) -> Ed25519KeyPair:
        return cls.from_seed(Ed25519PrivateKey.generate().private_bytes_raw(), id, controller)

    @classmethod
    def from_seed(
        cls, seed: bytes, id: str | None = None, controller: str | None = None
    ) -> Ed25519KeyPair:
        if len(seed) != 32:
            raise ProofError("KEY_INVALID", "an Ed25519 seed is 32 bytes")
        public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
        raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return cls(public_key=raw, seed=seed, id=id, controller=controller)

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> Ed25519KeyPair:
        """Read a Multikey or Ed25519VerificationKey2020 document (secret part optional)."""
        if not isinstance(document, Mapping):
            raise ProofError("KEY_INVALID", "a key document must be a JSON object")
        key_type = document.get("type", MULTIKEY)
        if key_type not in KEY_TYPES:
            raise ProofError("KEY_INVALID", f"key type {key_type!r} is not supported", field="type")
        public = public_key_from_multibase(document.get("publicKeyMultibase", ""))
        secret = document.get("secretKeyMultibase", document.get("privateKeyMultibase"))
        ident, controller = document.get("id"), document.get("controller")
        if secret is None:
            return cls(public_key=public, id=ident, controller=controller)
        seed = decode_multikey(secret, ED25519_PRIV, what="secretKeyMultibase")
        pair = cls.from_seed(seed, ident, controller)
        if pair.public_key != public:
            raise ProofError("KEY_INVALID", "the secret key does not match publicKeyMultibase")
        return pair

    @property
    def public_multibase(self) -> str:
        return public_key_multibase(self.public_key)

    @property
    def secret_multibase(self) -> str:
        if self.seed is None:
            raise ProofError("KEY_INVALID", "this key has no secret part")
        return encode_multikey(ED25519_PRIV, self.seed)

    def to_json(self, *, include_secret: bool = False, key_type: str = MULTIKEY) -> dict[str, Any]:
        """The key as a Multikey (or Ed25519VerificationKey2020) JSON document."""
        if key_type not in KEY_TYPES:
            raise ProofError("KEY_INVALID", f"key type {key_type!r} is not supported")
        out: dict[str, Any] = {}
        if key_type == MULTIKEY:
            out["@context"] = "https://w3id.org/security/multikey/v1"
        if self.id is not None:
            out["id"] = self.id
        out["type"] = key_type
        if self.controller is not None:
            out["controller"] = self.controller
        out["publicKeyMultibase"] = self.public_multibase
        if include_secret:
            out["secretKeyMultibase"] = self.secret_multibase
        return out

    def sign(self, message: bytes) -> bytes:
        if self.seed is None:
            raise ProofError("KEY_INVALID", "a public key cannot sign")
        private = self._private or Ed25519PrivateKey.from_private_bytes(self.seed)
        return private.sign(message)

    def verify(self, signature: bytes, message: bytes) -> bool:
        return verify_signature(self.public_key, signature, message)

    def with_id(self, id: str, controller: str) -> Ed25519KeyPair:
        return Ed25519KeyPair(self.public_key, self.seed, id, controller)
