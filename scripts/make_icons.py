"""Draw the site's app icons (docs/assets/images/icon-*.png, icon.svg): a white check in a ring on teal.

Run once when the design changes: `.venv/bin/python scripts/make_icons.py`. Pure Python (zlib), no image library.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "images"
TEAL = (0, 121, 107)  # #00796b: white on it is 5.3:1
WHITE = (255, 255, 255)
RING = (0.5, 0.5, 0.30, 0.045)  # centre x, y, radius, half width (fractions of the size)
CHECK = ((0.36, 0.52), (0.46, 0.62), (0.65, 0.40))
STROKE = 0.045


def segment_distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def coverage(x: float, y: float, pixel: float) -> float:
    """How white the point is, anti-aliased over one pixel."""
    cx, cy, radius, half = RING
    ring = half - abs(math.hypot(x - cx, y - cy) - radius)
    check = STROKE - min(segment_distance((x, y), CHECK[i], CHECK[i + 1]) for i in range(len(CHECK) - 1))
    return max(0.0, min(1.0, 0.5 + max(ring, check) / pixel))


def png(size: int) -> bytes:
    rows = bytearray()
    for j in range(size):
        rows.append(0)
        for i in range(size):
            w = coverage((i + 0.5) / size, (j + 0.5) / size, 1 / size)
            rows.extend(round(t + (255 - t) * w) for t in TEAL)
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def svg() -> str:
    cx, cy, radius, half = RING
    points = " ".join(f"{x * 512:g},{y * 512:g}" for x, y in CHECK)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" fill="#{"".join(f"{c:02x}" for c in TEAL)}"/>'
        f'<circle cx="{cx * 512:g}" cy="{cy * 512:g}" r="{radius * 512:g}" fill="none" stroke="#fff" stroke-width="{half * 1024:g}"/>'
        f'<polyline points="{points}" fill="none" stroke="#fff" stroke-width="{STROKE * 1024:g}" stroke-linecap="round" stroke-linejoin="round"/>'
        "</svg>\n"
    )


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size))
    (OUT / "icon.svg").write_text(svg(), encoding="utf-8")
