"""Step: tables generated from data — `<!-- table:NAME -->` and `<!-- timeline:NAME -->`."""

from __future__ import annotations

from typing import Callable

from hooks.pages.markers import Marker, replace_markers
from hooks.pages.page import PageContext
from hooks.pages.penalty_table import render_penalty_scenarios
from hooks.pages.timeline_table import render_timeline

TABLE_KIND = "table"
TIMELINE_KIND = "timeline"
TABLES: dict[str, Callable[[Marker, PageContext], str]] = {"penalty_scenarios": render_penalty_scenarios}


def tables_step(markdown: str, context: PageContext) -> str:
    def table(marker: Marker) -> str:
        renderer = TABLES.get(marker.name)
        if renderer is None:
            raise marker.fail(f"unknown table; known: {', '.join(sorted(TABLES))}")
        return block(marker, renderer)

    def block(marker: Marker, renderer: Callable[[Marker, PageContext], str]) -> str:
        if marker.options:
            raise marker.fail(f"takes no options, got {', '.join(marker.options)}")
        return "\n\n" + renderer(marker, context) + "\n\n"

    # Timelines first: on guides/consequences.md the timeline stands above the table, so the
    # page's source numbers follow reading order.
    markdown = replace_markers(
        markdown, TIMELINE_KIND, context.source, lambda marker: block(marker, render_timeline), context.line_offset
    )
    return replace_markers(markdown, TABLE_KIND, context.source, table, context.line_offset)
