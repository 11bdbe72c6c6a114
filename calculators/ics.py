"""A calendar file (RFC 5545) of all-day events, made in Python so the browser only offers it for download."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

PRODUCT = "-//wangshangdai-help//calculators//ZH"
MAX_OCTETS = 75  # a content line is folded after 75 octets (RFC 5545 §3.1)


@dataclass(frozen=True)
class Event:
    day: dt.date
    summary: str
    description: str = ""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Split a line into pieces of at most 75 UTF-8 octets, never inside a character."""
    pieces: list[str] = []
    current = ""
    for char in line:
        limit = MAX_OCTETS if not pieces else MAX_OCTETS - 1  # continuation lines start with a space
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def calendar(events: Sequence[Event], name: str, uid_prefix: str) -> str:
    """All-day events; DTSTAMP is fixed from the first event so the same input gives the same file."""
    stamp = (min((e.day for e in events), default=dt.date(2026, 1, 1))).strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_escape(name)}"]
    for index, event in enumerate(events, start=1):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid_prefix}-{index}-{event.day:%Y%m%d}@wangshangdai-help",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
