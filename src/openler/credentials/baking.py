"""Baked badges: a credential embedded in its PNG or SVG image (Open Badges 3.0 §5.3).

PNG: one uncompressed ``iTXt`` chunk with keyword ``openbadgecredential``; its text is the
credential's JSON or its VC-JWT compact JWS. SVG: one ``<openbadges:credential>`` element in
the ``https://purl.imsglobal.org/ob/v3p0`` namespace, directly under ``<svg>``, holding the
JSON in CDATA or the JWS in a ``verify`` attribute.

Both directions are pure functions on bytes. The PNG chunk layer is ours (the format is a
signature plus length/type/data/CRC records, PNG §5.3), so no imaging library is needed. The SVG
is read with expat, refusing any DTD internal subset and any entity declaration: that rules
out entity expansion ("billion laughs"), external entities (XXE) and attribute defaults
injected by an ``ATTLIST``, while the usual ``<!DOCTYPE svg PUBLIC ...>`` line still parses
(expat never fetches it).

Extraction fails closed: an image with two credentials (the spec says MUST NOT), a compressed
chunk (MUST NOT), a broken CRC, or text that is neither a JSON object nor a compact JWS is an
error with a code from :data:`BAKING_ERROR_CODES`, never a guess.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.parsers import expat

from openler.credentials._coded import TableCodedError
from openler.credentials._strictjson import StrictJSONError, loads_object

OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
OB2_NAMESPACE = "http://openbadges.org"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
PNG_KEYWORD = "openbadgecredential"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

BAKING_ERROR_CODES: dict[str, str] = {
    "BAKE_UNSUPPORTED_FORMAT": "The content is neither a PNG nor an SVG image.",
    "BAKE_PNG_MALFORMED": "The PNG is damaged: truncated, a bad chunk, a CRC mismatch, no IEND.",
    "BAKE_SVG_MALFORMED": "The SVG is not well-formed XML, or its root is not <svg>.",
    "BAKE_SVG_UNSAFE": "The SVG declares entities or a DTD internal subset (refused: XXE, "
    "entity expansion).",
    "BAKE_SVG_ENCODING": "Baking needs a UTF-8 SVG; this one declares another encoding.",
    "BAKE_NOT_FOUND": "The image holds no Open Badges 3.0 credential.",
    "BAKE_OB2_BADGE": "The image holds an Open Badges 2.0 assertion, not a 3.0 credential.",
    "BAKE_DUPLICATE": "The image holds more than one credential (the spec forbids it).",
    "BAKE_COMPRESSED": "The credential chunk is compressed (the spec forbids it).",
    "BAKE_TEXT_INVALID": "The baked text is not a JSON object or a compact JWS.",
    "BAKE_ALREADY_BAKED": "The image already holds a credential; baking twice is refused.",
}

Credential = dict[str, Any] | str
"""An extracted credential: the parsed JSON object, or the compact JWS string of a VC-JWT."""

_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_CREDENTIAL_ELEMENT = f"{OB3_NAMESPACE} credential"


class BakingError(TableCodedError):
    """An image cannot be baked or read; ``code`` is one of :data:`BAKING_ERROR_CODES`."""

    codes = BAKING_ERROR_CODES
    default_field = "image"


# -- the baked text -----------------------------------------------------------------------


def _parse_text(text: str, *, allow_jws: bool = True) -> Credential:
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            return loads_object(stripped)
        except StrictJSONError as exc:
            raise BakingError(
                f"the baked credential is not valid JSON: {exc}", code="BAKE_TEXT_INVALID"
            ) from None
    if allow_jws and _COMPACT_JWS.fullmatch(stripped):
        return stripped
    expected = "a JSON object or a compact JWS" if allow_jws else "a JSON object"
    raise BakingError(f"the baked text is not {expected}", code="BAKE_TEXT_INVALID")


def _credential_text(credential: Mapping[str, Any] | str) -> tuple[str, bool]:
    """The text to bake and whether it is a JWS. A ``str`` is a JWS, or JSON kept verbatim."""
    if isinstance(credential, str):
        stripped = credential.strip()
        if stripped.startswith("{"):
            _parse_text(stripped)  # validates; the caller's exact bytes are kept
            return stripped, False
        if _COMPACT_JWS.fullmatch(stripped):
            return stripped, True
        raise BakingError(
            "a credential given as text must be JSON or a compact JWS", code="BAKE_TEXT_INVALID"
        )
    try:
        text = json.dumps(dict(credential), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise BakingError(
            f"the credential cannot be written as JSON: {exc}", code="BAKE_TEXT_INVALID"
        ) from None
    return text, False


# -- PNG ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chunk:
    type: bytes
    data: bytes
    start: int  # offset of the length field in the file


def _png_error(message: str) -> BakingError:
    return BakingError(f"the PNG is damaged: {message}", code="BAKE_PNG_MALFORMED")


def _png_chunks(png: bytes) -> list[_Chunk]:
    """Every chunk from IHDR to IEND, each CRC checked (PNG §5.3). Bytes after IEND are ignored."""
    if not png.startswith(PNG_SIGNATURE):
        raise BakingError("the content is not a PNG", code="BAKE_UNSUPPORTED_FORMAT")
    chunks: list[_Chunk] = []
    pos = len(PNG_SIGNATURE)
    while True:
        if pos + 12 > len(png):
            raise _png_error(f"it ends at byte {len(png)} before its IEND chunk")
        length = int.from_bytes(png[pos : pos + 4], "big")
        ctype = png[pos + 4 : pos + 8]
        if length > 0x7FFFFFFF:
            raise _png_error(f"the chunk at byte {pos} declares a length over 2^31-1")
        if not all(0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A for b in ctype):
            raise _png_error(f"the chunk at byte {pos} has an invalid type {ctype!r}")
        end = pos + 12 + length
        if end > len(png):
            raise _png_error(f"the {ctype.decode()} chunk at byte {pos} is truncated")
        data = png[pos + 8 : pos + 8 + length]
        if zlib.crc32(ctype + data) != int.from_bytes(png[end - 4 : end], "big"):
            raise _png_error(f"the CRC of the {ctype.decode()} chunk at byte {pos} does not match")
        if not chunks and ctype != b"IHDR":
            raise _png_error("its first chunk is not IHDR")
        chunks.append(_Chunk(ctype, data, pos))
        pos = end
        if ctype == b"IEND":
            return chunks


def _text_keyword(chunk: _Chunk) -> bytes | None:
    """The keyword of a tEXt/zTXt/iTXt chunk (PNG §11.3.4), else None."""
    if chunk.type not in (b"tEXt", b"zTXt", b"iTXt"):
        return None
    nul = chunk.data.find(b"\0")
    return chunk.data[:nul] if nul > 0 else None


def _itxt_text(data: bytes) -> str:
    """The text of our iTXt chunk: keyword, NUL, flag, method, language NUL, keyword NUL, text."""
    head = len(PNG_KEYWORD) + 1
    if len(data) < head + 2:
        raise _png_error("the openbadgecredential chunk is truncated")
    flag, method = data[head], data[head + 1]
    if flag != 0 or method != 0:
        raise BakingError(
            "the openbadgecredential chunk is compressed; Open Badges 3.0 forbids compression",
            code="BAKE_COMPRESSED",
        )
    rest = data[head + 2 :]
    language_end = rest.find(b"\0")
    translated_end = rest.find(b"\0", language_end + 1) if language_end >= 0 else -1
    if translated_end < 0:
        raise _png_error("the openbadgecredential chunk lacks its language and keyword fields")
    try:
        return rest[translated_end + 1 :].decode("utf-8")
    except UnicodeDecodeError:
        raise BakingError(
            "the openbadgecredential chunk's text is not UTF-8", code="BAKE_TEXT_INVALID"
        ) from None


def _credential_chunks(chunks: list[_Chunk]) -> list[_Chunk]:
    keyword = PNG_KEYWORD.encode("latin-1")
    return [c for c in chunks if c.type == b"iTXt" and _text_keyword(c) == keyword]


def extract_png(png: bytes) -> Credential:
    """The credential baked in ``png``: a JSON object or a compact JWS string."""
    chunks = _png_chunks(png)
    found = _credential_chunks(chunks)
    if len(found) > 1:
        raise BakingError(
            f"the PNG holds {len(found)} openbadgecredential chunks", code="BAKE_DUPLICATE"
        )
    if not found:
        if any(_text_keyword(c) == b"openbadges" for c in chunks):
            raise BakingError(
                "the PNG holds an Open Badges 2.0 assertion (keyword 'openbadges')",
                code="BAKE_OB2_BADGE",
            )
        raise BakingError("the PNG holds no openbadgecredential chunk", code="BAKE_NOT_FOUND")
    return _parse_text(_itxt_text(found[0].data))


def bake_png(png: bytes, credential: Mapping[str, Any] | str) -> bytes:
    """``png`` with ``credential`` in a new iTXt chunk before IEND; every other byte is kept."""
    text, _ = _credential_text(credential)
    chunks = _png_chunks(png)
    if _credential_chunks(chunks):
        raise BakingError("the PNG already holds a credential", code="BAKE_ALREADY_BAKED")
    # keyword NUL, compression flag 0, method 0, empty language tag NUL, empty keyword NUL, text
    data = PNG_KEYWORD.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
    chunk = (
        len(data).to_bytes(4, "big")
        + b"iTXt"
        + data
        + zlib.crc32(b"iTXt" + data).to_bytes(4, "big")
    )
    iend = chunks[-1].start
    return png[:iend] + chunk + png[iend:]


# -- SVG ----------------------------------------------------------------------------------


class _Unsafe(Exception):
    pass


class _Nested(Exception):
    pass


@dataclass
class _Found:
    attributes: dict[str, str]
    text: list[str] = field(default_factory=list)


@dataclass
class _SvgScan:
    root: str = ""
    root_start: int = -1
    root_namespaces: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    credentials: list[_Found] = field(default_factory=list)
    ob2: bool = False


def _scan_svg(svg: bytes) -> _SvgScan:
    scan = _SvgScan()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0
    open_credential: _Found | None = None

    def refuse(*_args: object) -> Any:
        raise _Unsafe("the SVG declares an entity")

    def doctype(_name: str, _sysid: str | None, _pubid: str | None, internal: int) -> None:
        if internal:
            raise _Unsafe("the SVG's DOCTYPE has an internal subset")

    def xml_decl(_version: str | None, encoding: str | None, _standalone: int) -> None:
        scan.encoding = encoding

    def namespace(prefix: str | None, uri: str) -> None:
        if depth == 0:
            scan.root_namespaces[prefix or ""] = uri

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth, open_credential
        depth += 1
        if open_credential is not None:
            raise _Nested(f"an element ({name}) inside openbadges:credential")
        if depth == 1:
            scan.root = name
            scan.root_start = parser.CurrentByteIndex
        if name == _CREDENTIAL_ELEMENT:
            open_credential = _Found(dict(attributes))
            scan.credentials.append(open_credential)
        elif name.startswith(OB2_NAMESPACE + " "):
            scan.ob2 = True

    def end(_name: str) -> None:
        nonlocal depth, open_credential
        depth -= 1
        open_credential = None

    def text(data: str) -> None:
        if open_credential is not None:
            open_credential.text.append(data)

    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartDoctypeDeclHandler = doctype
    parser.XmlDeclHandler = xml_decl
    parser.StartNamespaceDeclHandler = namespace
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(svg, True)
    except _Unsafe as exc:
        raise BakingError(f"{exc}; refused", code="BAKE_SVG_UNSAFE") from None
    except _Nested as exc:
        raise BakingError(f"the SVG has {exc}", code="BAKE_SVG_MALFORMED") from None
    except (expat.ExpatError, ValueError, LookupError) as exc:  # LookupError: unknown encoding
        raise BakingError(
            f"the SVG is not well-formed XML: {exc}", code="BAKE_SVG_MALFORMED"
        ) from None
    if scan.root != f"{SVG_NAMESPACE} svg":
        raise BakingError(
            "the XML document's root is not an <svg> element in the SVG namespace",
            code="BAKE_SVG_MALFORMED",
        )
    return scan


def extract_svg(svg: bytes) -> Credential:
    """The credential baked in ``svg``: a JSON object (CDATA body) or a JWS (``verify``)."""
    scan = _scan_svg(svg)
    if len(scan.credentials) > 1:
        raise BakingError(
            f"the SVG holds {len(scan.credentials)} openbadges:credential elements",
            code="BAKE_DUPLICATE",
        )
    if not scan.credentials:
        if scan.ob2:
            raise BakingError(
                "the SVG holds an Open Badges 2.0 assertion (namespace http://openbadges.org)",
                code="BAKE_OB2_BADGE",
            )
        raise BakingError("the SVG holds no openbadges:credential element", code="BAKE_NOT_FOUND")
    found = scan.credentials[0]
    body = "".join(found.text)
    if "verify" in found.attributes:
        if body.strip():
            raise BakingError(
                "openbadges:credential has both a verify attribute and a body",
                code="BAKE_TEXT_INVALID",
            )
        jws = found.attributes["verify"].strip()
        if not _COMPACT_JWS.fullmatch(jws):
            raise BakingError("the verify attribute is not a compact JWS", code="BAKE_TEXT_INVALID")
        return jws
    return _parse_text(body, allow_jws=False)


def _start_tag_end(svg: bytes, start: int) -> int:
    """Index of the ``>`` closing the start tag that begins at ``start`` (quotes respected)."""
    quote = 0
    for i in range(start + 1, len(svg)):
        c = svg[i]
        if quote:
            if c == quote:
                quote = 0
        elif c in (0x22, 0x27):
            quote = c
        elif c == 0x3E:
            return i
    raise BakingError("the <svg> start tag is not closed", code="BAKE_SVG_MALFORMED")


def bake_svg(svg: bytes, credential: Mapping[str, Any] | str) -> bytes:
    """``svg`` with an ``<openbadges:credential>`` element right after the ``<svg>`` tag."""
    text, is_jws = _credential_text(credential)
    if svg[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise BakingError("the SVG is UTF-16; baking needs UTF-8", code="BAKE_SVG_ENCODING")
    scan = _scan_svg(svg)
    if scan.credentials:
        raise BakingError("the SVG already holds a credential", code="BAKE_ALREADY_BAKED")
    if scan.encoding is not None and scan.encoding.lower() not in ("utf-8", "utf8"):
        raise BakingError(
            f"the SVG declares encoding {scan.encoding!r}; baking needs UTF-8",
            code="BAKE_SVG_ENCODING",
        )
    start = scan.root_start
    close = _start_tag_end(svg, start)
    self_closing = svg[close - 1] == 0x2F  # "/>"
    declaration = f' xmlns:openbadges="{OB3_NAMESPACE}"'
    bound = scan.root_namespaces.get("openbadges")
    # The spec puts the declaration on <svg>; if that prefix is already bound to something
    # else there, declare it on our element instead, which scopes it to the element.
    on_root = declaration if bound is None else ""
    on_element = declaration if bound not in (None, OB3_NAMESPACE) else ""
    if is_jws:
        element = f'<openbadges:credential{on_element} verify="{text}"></openbadges:credential>'
    else:
        cdata = text.replace("]]>", "]]]]><![CDATA[>")
        element = f"<openbadges:credential{on_element}><![CDATA[{cdata}]]></openbadges:credential>"
    tag_end = close - 1 if self_closing else close
    match = re.match(rb"<([^\s/>]+)", svg[start:close])
    assert match is not None  # expat reported an element starting here
    if self_closing:
        inserted = f"{on_root}>\n{element}\n</{match.group(1).decode('utf-8')}>"
        out = svg[:tag_end] + inserted.encode("utf-8") + svg[close + 1 :]
    else:
        out = (
            svg[:tag_end]
            + on_root.encode("utf-8")
            + b">\n"
            + element.encode("utf-8")
            + svg[close + 1 :]
        )
    return out


# -- either format ------------------------------------------------------------------------


def image_kind(data: bytes) -> Literal["png", "svg"] | None:
    """``"png"`` or ``"svg"`` from the content's first bytes (an XML document counts as SVG)."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if body[:1024].lstrip()[:1] == b"<" or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "svg"
    return None


def extract(image: bytes) -> Credential:
    """The credential baked in a PNG or SVG image, the format detected from the content."""
    kind = image_kind(image)
    if kind == "png":
        return extract_png(image)
    if kind == "svg":
        return extract_svg(image)
    raise BakingError(
        "the content is neither a PNG nor an SVG image", code="BAKE_UNSUPPORTED_FORMAT"
    )


def bake(image: bytes, credential: Mapping[str, Any] | str) -> bytes:
    """Bake ``credential`` (a JSON object, JSON text or a compact JWS) into a PNG or SVG."""
    kind = image_kind(image)
    if kind == "png":
        return bake_png(image, credential)
    if kind == "svg":
        return bake_svg(image, credential)
    raise BakingError(
        "the content is neither a PNG nor an SVG image", code="BAKE_UNSUPPORTED_FORMAT"
    )
