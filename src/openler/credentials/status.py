"""Credential status: W3C Bitstring Status List v1.0, plus the older formats a verifier meets.

A status list is a bitstring of at least 131,072 entries (16 KB), GZIP-compressed and written
as multibase base64url (``u`` prefix, no padding) in a ``BitstringStatusListCredential``.
Entry ``i`` of size ``statusSize`` occupies bits ``i*size .. i*size+size-1``; bit 0 is the
left-most (most significant) bit of the first byte (spec §2.2, §7.1), so entry 0 of a 1-bit
list is ``byte[0] & 0x80``.

Issuing side: :class:`StatusList` (create, set, clear, get, encode), :func:`status_entry` and
:func:`status_list_credential` (unsigned; the caller's ``sign`` callable adds the proof).
Verifying side: :func:`check_status` runs the spec's validate algorithm (§3.2) on every
``credentialStatus`` entry, reading ``StatusList2021`` and ``1EdTechRevocationList`` too.
Nothing here touches the network: the caller passes ``fetch``. The list credential's proof is
checked by the caller's ``verify_list_credential`` (the proof suites live elsewhere); this
module checks its type, purpose, validity period and the bits.

Outcomes carry a stable code (:data:`STATUS_OUTCOMES`); failures raise :class:`StatusError`
with a code from :data:`STATUS_ERROR_CODES` (the spec's error names where it has them).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from openler.credentials._coded import TableCodedError

MIN_ENTRIES = 131_072
"""The spec's minimum number of entries (§3.2 step 2): the group-privacy floor."""

MAX_BITSTRING_BYTES = 16 * 1024 * 1024
"""Refuse to inflate a list past 16 MiB (134M one-bit entries): a gzip bomb guard."""

STATUS_ERROR_CODES: dict[str, str] = {
    "STATUS_RETRIEVAL_ERROR": "The status list could not be obtained from the fetcher.",
    "STATUS_VERIFICATION_ERROR": "The status list credential is not acceptable: its proof, "
    "type, purpose or validity period.",
    "STATUS_LIST_LENGTH_ERROR": "The status list has fewer than the minimum number of entries.",
    "STATUS_RANGE_ERROR": "The credential's index is outside the status list.",
    "STATUS_MALFORMED": "A credentialStatus entry or an encoded list breaks the data model.",
    "STATUS_UNSUPPORTED": "The credentialStatus type is not one this verifier reads.",
}

STATUS_OUTCOMES: dict[str, str] = {
    "STATUS_ACTIVE": "The status bit is 0: not revoked, not suspended.",
    "STATUS_REVOKED": "The revocation bit is set: the credential was revoked.",
    "STATUS_SUSPENDED": "The suspension bit is set: the credential is suspended for now.",
    "STATUS_MESSAGE": "A 'message' status: the value and its message are reported.",
    "STATUS_REFRESH": "A 'refresh' bit: a newer credential is available; this one stays valid.",
}

BITSTRING_ENTRY = "BitstringStatusListEntry"
BITSTRING_CREDENTIAL = "BitstringStatusListCredential"
STATUS_LIST_2021_ENTRY = "StatusList2021Entry"
STATUS_LIST_2021_CREDENTIAL = "StatusList2021Credential"
ONEEDTECH_REVOCATION_LIST = "1EdTechRevocationList"

_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


class StatusError(TableCodedError):
    """A status cannot be established; ``code`` is one of :data:`STATUS_ERROR_CODES`."""

    codes = STATUS_ERROR_CODES
    default_field = "credentialStatus"


# -- the bitstring ------------------------------------------------------------------------


def _gzip(data: bytes) -> bytes:
    """RFC 1952 with a fixed header (no name, mtime 0, XFL 0, OS 3=Unix), level 9.

    A fixed header makes the encoding a function of the bits alone, so two encodings of the
    same list are byte-equal; these are the header bytes of the spec's Example 3.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush()
    trailer = zlib.crc32(data).to_bytes(4, "little") + (len(data) & 0xFFFFFFFF).to_bytes(
        4, "little"
    )
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + body + trailer


def _gunzip(data: bytes, *, field: str) -> bytes:
    inflater = zlib.decompressobj(wbits=31)  # one gzip member, header and CRC checked
    try:
        out = inflater.decompress(data, MAX_BITSTRING_BYTES + 1)
    except zlib.error as exc:
        raise StatusError(
            f"{field} is not valid GZIP data: {exc}", code="STATUS_MALFORMED", field=field
        ) from None
    if len(out) > MAX_BITSTRING_BYTES:
        raise StatusError(
            f"{field} inflates past {MAX_BITSTRING_BYTES} bytes; refused",
            code="STATUS_MALFORMED",
            field=field,
        )
    if not inflater.eof or inflater.unused_data:
        raise StatusError(
            f"{field} is truncated or has bytes after its GZIP member",
            code="STATUS_MALFORMED",
            field=field,
        )
    return out


def _b64url_decode(text: str, *, field: str) -> bytes:
    stripped = text.rstrip("=")
    if not _BASE64URL.fullmatch(stripped) or len(stripped) % 4 == 1:
        raise StatusError(f"{field} is not base64url", code="STATUS_MALFORMED", field=field)
    try:
        return base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))
    except (binascii.Error, ValueError):
        raise StatusError(
            f"{field} is not base64url", code="STATUS_MALFORMED", field=field
        ) from None


class StatusList:
    """A status bitstring of ``len(self)`` entries of ``status_size`` bits each."""

    def __init__(self, length: int = MIN_ENTRIES, *, status_size: int = 1) -> None:
        if status_size < 1 or status_size > 32:
            raise ValueError("status_size must be between 1 and 32 bits")
        if length < MIN_ENTRIES:
            raise ValueError(f"a status list has at least {MIN_ENTRIES} entries (spec §3.2)")
        self.status_size = status_size
        self._bits = bytearray((length * status_size + 7) // 8)
        self._length = length

    @classmethod
    def from_bytes(cls, bitstring: bytes, *, status_size: int = 1) -> StatusList:
        """A list over ``bitstring`` (any length: callers check the minimum themselves)."""
        if status_size < 1 or status_size > 32:
            raise ValueError("status_size must be between 1 and 32 bits")
        out = cls.__new__(cls)
        out.status_size = status_size
        out._bits = bytearray(bitstring)
        out._length = len(bitstring) * 8 // status_size
        return out

    @classmethod
    def decode(
        cls,
        encoded: str,
        *,
        status_size: int = 1,
        multibase: bool = True,
        field: str = "encodedList",
    ) -> StatusList:
        """Expand an ``encodedList`` (spec §3.4). ``multibase=False`` reads StatusList2021's
        plain base64url form, which has no ``u`` prefix."""
        if not isinstance(encoded, str) or not encoded:
            raise StatusError(
                f"{field} must be a non-empty string", code="STATUS_MALFORMED", field=field
            )
        if multibase:
            if not encoded.startswith("u"):
                raise StatusError(
                    f"{field} must be multibase base64url (start with 'u')",
                    code="STATUS_MALFORMED",
                    field=field,
                )
            encoded = encoded[1:]
        return cls.from_bytes(
            _gunzip(_b64url_decode(encoded, field=field), field=field), status_size=status_size
        )

    def encode(self) -> str:
        """The ``encodedList`` value: ``u`` + base64url(gzip(bits)) without padding (§3.3)."""
        return "u" + base64.urlsafe_b64encode(_gzip(bytes(self._bits))).decode().rstrip("=")

    def __len__(self) -> int:
        return self._length

    def to_bytes(self) -> bytes:
        return bytes(self._bits)

    def _check(self, index: int) -> int:
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            raise StatusError(
                f"status index {index!r} is not a non-negative integer",
                code="STATUS_MALFORMED",
                field="statusListIndex",
            )
        if index >= self._length:
            raise StatusError(
                f"status index {index} is outside the list of {self._length} entries",
                code="STATUS_RANGE_ERROR",
                field="statusListIndex",
            )
        return index * self.status_size

    def get(self, index: int) -> int:
        """The value of entry ``index``: its ``status_size`` bits read left to right."""
        first = self._check(index)
        value = 0
        for bit in range(first, first + self.status_size):
            value = (value << 1) | ((self._bits[bit >> 3] >> (7 - (bit & 7))) & 1)
        return value

    def set(self, index: int, value: int = 1) -> None:
        """Set entry ``index`` to ``value`` (1 = revoked/suspended for a 1-bit list)."""
        first = self._check(index)
        if not 0 <= value < (1 << self.status_size):
            raise ValueError(f"value {value} does not fit in {self.status_size} bits")
        for offset in range(self.status_size):
            bit = first + offset
            mask = 0x80 >> (bit & 7)
            if (value >> (self.status_size - 1 - offset)) & 1:
                self._bits[bit >> 3] |= mask
            else:
                self._bits[bit >> 3] &= ~mask & 0xFF

    def clear(self, index: int) -> None:
        """Set entry ``index`` back to 0 (reinstate a suspended credential)."""
        self.set(index, 0)


# -- issuing: the entry and the list credential -------------------------------------------


def status_entry(
    *,
    list_credential: str,
    index: int,
    purpose: str,
    status_size: int = 1,
    messages: Sequence[Mapping[str, str]] | None = None,
    reference: str | None = None,
) -> dict[str, Any]:
    """The ``credentialStatus`` of a credential at ``index`` of the list at ``list_credential``.

    ``statusListIndex`` is written as a base-10 string, as the spec requires (§2.1).
    """
    if index < 0:
        raise ValueError("the status index is a non-negative integer")
    if (purpose == "message" or status_size > 1) and (
        messages is None or len(messages) != 1 << status_size
    ):
        raise ValueError(f"statusMessage must list {1 << status_size} messages")
    entry: dict[str, Any] = {
        "id": f"{list_credential}#{index}",
        "type": BITSTRING_ENTRY,
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_credential,
    }
    if status_size != 1:
        entry["statusSize"] = status_size
    if messages is not None:
        entry["statusMessage"] = [dict(m) for m in messages]
    if reference is not None:
        entry["statusReference"] = reference
    return entry


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_list_credential(
    *,
    url: str,
    issuer: str | Mapping[str, Any],
    purpose: str | Sequence[str],
    status_list: StatusList,
    valid_from: datetime,
    valid_until: datetime | None = None,
    ttl_ms: int | None = None,
    sign: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The ``BitstringStatusListCredential`` published at ``url`` (spec §2.2 and §3.1).

    Unsigned unless ``sign`` is given; ``sign`` receives the unsigned credential and returns
    the secured one (a proof suite from ``credentials.suites``).
    """
    subject: dict[str, Any] = {
        "id": f"{url}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose if isinstance(purpose, str) else list(purpose),
        "encodedList": status_list.encode(),
    }
    if ttl_ms is not None:
        subject["ttl"] = ttl_ms
    credential: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", BITSTRING_CREDENTIAL],
        "issuer": issuer if isinstance(issuer, str) else dict(issuer),
        "validFrom": _iso(valid_from),
    }
    if valid_until is not None:
        credential["validUntil"] = _iso(valid_until)
    credential["credentialSubject"] = subject
    return sign(credential) if sign is not None else credential


# -- verifying ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusResult:
    """The status of one ``credentialStatus`` entry.

    ``valid`` is False when the credential must not be accepted (revoked or suspended; a
    non-zero ``message`` status is reported but leaves ``valid`` to the spec's rule: status
    0 is valid). ``code`` is one of :data:`STATUS_OUTCOMES`.
    """

    type: str
    purpose: str
    index: int | None
    status: int
    valid: bool
    code: str
    message: str | None = None
    list_credential: str | None = None
    warnings: tuple[str, ...] = ()
    list_issuer: str | None = None
    """Who issued the list; it may differ from the credential's issuer (spec §2.2), so the
    verifier decides whether it trusts it."""


Fetch = Callable[[str], Mapping[str, Any] | None]
"""Returns the document published at a URL, or None (or raises) when it cannot be had."""

VerifyListCredential = Callable[[Mapping[str, Any]], None]
"""Raises when the list credential's proof does not verify (any exception counts)."""


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return []


def _issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _entries(credential: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    status = credential.get("credentialStatus")
    if status is None:
        return []
    items = status if isinstance(status, list) else [status]
    if not items or not all(isinstance(item, Mapping) for item in items):
        raise StatusError(
            "credentialStatus must be an object or a list of objects", code="STATUS_MALFORMED"
        )
    return items


def _index(entry: Mapping[str, Any]) -> int:
    raw = entry.get("statusListIndex")
    # The spec says a base-10 string; integers are common in the wild (the 1EdTech fixtures).
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    if isinstance(raw, str) and _DECIMAL.fullmatch(raw):
        return int(raw)
    raise StatusError(
        f"statusListIndex must be a non-negative base-10 integer, not {raw!r}",
        code="STATUS_MALFORMED",
        field="credentialStatus.statusListIndex",
    )


def _parse_time(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise StatusError(
            f"{field} must be a date-time string", code="STATUS_VERIFICATION_ERROR", field=field
        )
    try:
        moment = datetime.fromisoformat(re.sub(r"[zZ]$", "+00:00", value))
    except ValueError:
        raise StatusError(
            f"{field} is not an XML Schema date-time: {value!r}",
            code="STATUS_VERIFICATION_ERROR",
            field=field,
        ) from None
    if moment.tzinfo is None:
        raise StatusError(
            f"{field} has no time zone", code="STATUS_VERIFICATION_ERROR", field=field
        )
    return moment


def _retrieve(url: Any, fetch: Fetch, field: str) -> Mapping[str, Any]:
    if not isinstance(url, str) or not url:
        raise StatusError(f"{field} must be a URL", code="STATUS_MALFORMED", field=field)
    try:
        document = fetch(url)
    except Exception as exc:  # the fetcher is the caller's; any failure is a retrieval failure
        raise StatusError(
            f"the status list {url} could not be retrieved: {exc}",
            code="STATUS_RETRIEVAL_ERROR",
            field=field,
        ) from None
    if not isinstance(document, Mapping):
        raise StatusError(
            f"the status list {url} could not be retrieved",
            code="STATUS_RETRIEVAL_ERROR",
            field=field,
        )
    return document


def _check_list_credential(
    document: Mapping[str, Any],
    *,
    url: str,
    expected_type: str,
    subject_type: str,
    verify_list_credential: VerifyListCredential,
    now: datetime,
    clock_skew: timedelta,
) -> tuple[Mapping[str, Any], list[str]]:
    field = "statusListCredential"
    if expected_type not in _types(document.get("type")):
        raise StatusError(
            f"the document at {url} is not a {expected_type}",
            code="STATUS_VERIFICATION_ERROR",
            field=field,
        )
    try:
        verify_list_credential(document)
    except Exception as exc:
        raise StatusError(
            f"the proof of the status list credential {url} does not verify: {exc}",
            code="STATUS_VERIFICATION_ERROR",
            field=field,
        ) from None
    for start in ("validFrom", "issuanceDate"):
        if (
            start in document
            and _parse_time(document[start], f"{field}.{start}") > now + clock_skew
        ):
            raise StatusError(
                f"the status list credential {url} is not valid before {document[start]}",
                code="STATUS_VERIFICATION_ERROR",
                field=field,
            )
    for end in ("validUntil", "expirationDate"):
        if end in document and _parse_time(document[end], f"{field}.{end}") < now - clock_skew:
            raise StatusError(
                f"the status list credential {url} expired at {document[end]}",
                code="STATUS_VERIFICATION_ERROR",
                field=field,
            )
    subject = document.get("credentialSubject")
    if not isinstance(subject, Mapping) or subject_type not in _types(subject.get("type")):
        raise StatusError(
            f"the credentialSubject of {url} is not a {subject_type}",
            code="STATUS_VERIFICATION_ERROR",
            field=field,
        )
    warnings = []
    if "id" in document and document["id"] != url:
        # The spec lets the list's id differ from its URL (it says MAY match); the 1EdTech
        # test list does differ. The proof and the purpose still bind it, so warn only.
        warnings.append(f"the status list credential's id {document['id']!r} is not its URL {url}")
    return subject, warnings


def _outcome(purpose: str, status: int) -> tuple[bool, str]:
    if status == 0:
        return True, "STATUS_ACTIVE"
    if purpose == "revocation":
        return False, "STATUS_REVOKED"
    if purpose == "suspension":
        return False, "STATUS_SUSPENDED"
    if purpose == "refresh":
        return True, "STATUS_REFRESH"
    # 'message' and unregistered purposes: §3.2 step 13, a non-zero status is not valid.
    return False, "STATUS_MESSAGE"


def _status_messages(entry: Mapping[str, Any], size: int) -> dict[int, str] | None:
    """``statusMessage`` as value -> message, checked before anything is fetched (§2.1)."""
    messages = entry.get("statusMessage")
    field = "credentialStatus.statusMessage"
    if messages is None:
        if size > 1:
            raise StatusError(
                "statusMessage is required when statusSize is greater than 1",
                code="STATUS_MALFORMED",
                field=field,
            )
        return None
    if not isinstance(messages, list) or len(messages) != 1 << size:
        raise StatusError(
            f"statusMessage must be a list of {1 << size} entries",
            code="STATUS_MALFORMED",
            field=field,
        )
    table: dict[int, str] = {}
    for item in messages:
        value = item.get("status") if isinstance(item, Mapping) else None
        if not isinstance(value, str) or not re.fullmatch(r"0x[0-9a-fA-F]+", value):
            raise StatusError(
                "each statusMessage needs a status like '0x1'", code="STATUS_MALFORMED", field=field
            )
        text = item.get("message")
        table[int(value, 16)] = text if isinstance(text, str) else ""
    return table


def _check_bitstring(
    entry: Mapping[str, Any],
    *,
    fetch: Fetch,
    verify_list_credential: VerifyListCredential,
    now: datetime,
    clock_skew: timedelta,
    min_entries: int,
    legacy: bool,
) -> StatusResult:
    purpose = entry.get("statusPurpose")
    if not isinstance(purpose, str) or not purpose:
        raise StatusError(
            "statusPurpose must be a non-empty string",
            code="STATUS_MALFORMED",
            field="credentialStatus.statusPurpose",
        )
    index = _index(entry)
    size = 1
    if not legacy and "statusSize" in entry:
        size = entry["statusSize"]
        if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 32:
            raise StatusError(
                "statusSize must be an integer from 1 to 32",
                code="STATUS_MALFORMED",
                field="credentialStatus.statusSize",
            )
    messages = _status_messages(entry, size) if not legacy else None
    url = entry.get("statusListCredential")
    document = _retrieve(url, fetch, "credentialStatus.statusListCredential")
    assert isinstance(url, str)
    subject, warnings = _check_list_credential(
        document,
        url=url,
        expected_type=STATUS_LIST_2021_CREDENTIAL if legacy else BITSTRING_CREDENTIAL,
        subject_type="StatusList2021" if legacy else "BitstringStatusList",
        verify_list_credential=verify_list_credential,
        now=now,
        clock_skew=clock_skew,
    )
    if purpose not in _types(subject.get("statusPurpose")):
        raise StatusError(
            f"the entry's statusPurpose {purpose!r} is not a purpose of the list {url}",
            code="STATUS_VERIFICATION_ERROR",
            field="credentialStatus.statusPurpose",
        )
    bits = StatusList.decode(
        subject.get("encodedList"),  # type: ignore[arg-type]  # checked inside
        status_size=size,
        multibase=not legacy,
        field="statusListCredential.credentialSubject.encodedList",
    )
    if len(bits) < min_entries:
        raise StatusError(
            f"the status list {url} has {len(bits)} entries, fewer than {min_entries}",
            code="STATUS_LIST_LENGTH_ERROR",
            field="statusListCredential",
        )
    status = bits.get(index)
    message = messages.get(status) if messages is not None else None
    valid, code = _outcome(purpose, status)
    return StatusResult(
        type=STATUS_LIST_2021_ENTRY if legacy else BITSTRING_ENTRY,
        purpose=purpose,
        index=index,
        status=status,
        valid=valid,
        code=code,
        message=message,
        list_credential=url,
        list_issuer=_issuer_id(document),
        warnings=tuple(warnings),
    )


def _check_1edtech(
    entry: Mapping[str, Any], credential: Mapping[str, Any], fetch: Fetch
) -> StatusResult:
    """1EdTech Revocation List (OB 3.0 / CLR 2.0): ``id`` is a URL to a JSON document whose
    ``revokedCredentials`` lists ``{"id", "revoked"?}``; listed with ``revoked`` absent or
    true means revoked. The list is not a signed credential; its authenticity rests on how
    ``fetch`` obtained it (HTTPS from the issuer's host)."""
    url = entry.get("id")
    document = _retrieve(url, fetch, "credentialStatus.id")
    revoked = document.get("revokedCredentials", [])
    if not isinstance(revoked, list):
        raise StatusError(
            f"revokedCredentials of {url} is not a list",
            code="STATUS_VERIFICATION_ERROR",
            field="credentialStatus.id",
        )
    credential_id = credential.get("id")
    status = 0
    for item in revoked:
        if (
            isinstance(item, Mapping)
            and credential_id is not None
            and item.get("id") == credential_id
            and item.get("revoked", True) is not False
        ):
            status = 1
    return StatusResult(
        type=ONEEDTECH_REVOCATION_LIST,
        purpose="revocation",
        index=None,
        status=status,
        valid=status == 0,
        code="STATUS_REVOKED" if status else "STATUS_ACTIVE",
        list_credential=url if isinstance(url, str) else None,
    )


def check_status(
    credential: Mapping[str, Any],
    *,
    fetch: Fetch,
    verify_list_credential: VerifyListCredential,
    now: datetime,
    clock_skew: timedelta = timedelta(minutes=5),
    min_entries: int = MIN_ENTRIES,
) -> list[StatusResult]:
    """The status of every ``credentialStatus`` entry of ``credential`` (empty if none).

    Raises :class:`StatusError` when a status cannot be established (fail closed: an unknown
    status type, an unreachable or unverifiable list, a short list, an index out of range).
    The credential is acceptable only if every result is ``valid``.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    results = []
    for entry in _entries(credential):
        kinds = _types(entry.get("type"))
        if BITSTRING_ENTRY in kinds or STATUS_LIST_2021_ENTRY in kinds:
            results.append(
                _check_bitstring(
                    entry,
                    fetch=fetch,
                    verify_list_credential=verify_list_credential,
                    now=now,
                    clock_skew=clock_skew,
                    min_entries=min_entries,
                    legacy=BITSTRING_ENTRY not in kinds,
                )
            )
        elif ONEEDTECH_REVOCATION_LIST in kinds:
            results.append(_check_1edtech(entry, credential, fetch))
        else:
            raise StatusError(
                f"credentialStatus type {entry.get('type')!r} is not supported",
                code="STATUS_UNSUPPORTED",
                field="credentialStatus.type",
            )
    return results
