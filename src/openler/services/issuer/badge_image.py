"""A plain badge image of our own to bake credentials into (no artwork is shipped).

SVG: a disc with the achievement's name. PNG: a 256x256 disc in the same colour, written
with zlib (no imaging library), since a PNG of text would need fonts.
"""

from __future__ import annotations

import struct
import zlib
from xml.sax.saxutils import escape

_SIZE = 256
_COLOUR = (0x1F, 0x4E, 0x79)  # dark blue; white text on it passes WCAG AA contrast


def svg(title: str) -> bytes:
    text = escape(title[:60])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
        f'viewBox="0 0 256 256" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f"<title>{text}</title>"
        '<circle cx="128" cy="128" r="120" fill="#1f4e79"/>'
        '<text x="128" y="136" font-family="sans-serif" font-size="16" fill="#ffffff" '
        f'text-anchor="middle">{text}</text></svg>'
    ).encode()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png() -> bytes:
    centre, radius2 = _SIZE / 2, (_SIZE / 2 - 8) ** 2
    rows = bytearray()
    for y in range(_SIZE):
        rows.append(0)  # filter: none
        for x in range(_SIZE):
            inside = (x - centre + 0.5) ** 2 + (y - centre + 0.5) ** 2 <= radius2
            rows.extend((*_COLOUR, 255) if inside else (0, 0, 0, 0))
    header = struct.pack(">IIBBBBB", _SIZE, _SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )
