"""The one marker syntax of the site: an HTML comment `<!-- kind:name key=value ... -->`.

Examples: `<!-- calc:penalty -->`, `<!-- fact:lpr_1y -->`, `<!-- table:penalty_scenarios -->`.
A step replaces the markers of its own kind; after all steps, any marker left is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from mkdocs.exceptions import PluginError

MARKER = re.compile(
    r"<!--\s*(?P<kind>[a-z][a-z_]*):(?P<name>[A-Za-z0-9_.\-]*)(?P<options>(?:\s+[a-z_]+=\S+?)*)\s*-->"
)
OPTION = re.compile(r"([a-z_]+)=(\S+)")


@dataclass(frozen=True)
class Marker:
    kind: str
    name: str
    options: dict[str, str]
    line: int
    source: str  # the page's path below docs/, for error messages

    def fail(self, problem: str) -> PluginError:
        return PluginError(f"{self.source}:{self.line}: <!-- {self.kind}:{self.name} -->: {problem}")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def body_line_offset(file_text: str, body: str) -> int:
    """How many lines of the file come before the Markdown body MkDocs hands to hooks."""
    if body and file_text.endswith(body):
        return file_text[: len(file_text) - len(body)].count("\n")
    return 0


def replace_markers(
    markdown: str, kind: str, source: str, render: Callable[[Marker], str], line_offset: int = 0
) -> str:
    """Replace every marker of `kind` by what `render` returns; other text is left as it is.

    line_offset: lines of the source file before `markdown` (its front matter), so errors
    name the line of the file.
    """

    def substitute(match: re.Match[str]) -> str:
        if match.group("kind") != kind:
            return match.group(0)
        marker = Marker(
            kind=kind,
            name=match.group("name"),
            options=dict(OPTION.findall(match.group("options"))),
            line=line_offset + line_of(markdown, match.start()),
            source=source,
        )
        return render(marker)

    return MARKER.sub(substitute, markdown)


def check_no_markers_left(markdown: str, source: str, line_offset: int = 0) -> None:
    match = MARKER.search(markdown)
    if match:
        raise PluginError(
            f"{source}:{line_offset + line_of(markdown, match.start())}: unknown marker kind "
            f"'{match.group('kind')}' in {match.group(0)!r}"
        )
