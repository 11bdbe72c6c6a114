"""Step: `<!-- sources:all -->` becomes the list of every source in data/facts (the about page),
each with how many facts it supports and the latest date one of them was checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hooks.data.facts import SOURCE_CLASS_NAMES, SOURCE_CLASSES, STALE_AFTER_DAYS, Registry, Source
from hooks.pages.markers import Marker, replace_markers
from hooks.pages.page import PageContext, render

KIND = "sources"


@dataclass(frozen=True)
class SourceRow:
    source: Source
    facts: int
    latest: dt.date | None  # None: no fact cites this source yet
    stale: bool  # some fact of this source was last checked more than STALE_AFTER_DAYS ago


def source_rows(registry: Registry, today: dt.date) -> list[SourceRow]:
    """One row per source, ordered by publisher, then title."""
    rows = []
    for source in registry.sources.values():
        checked = [fact.checked for fact in registry.facts.values() if fact.source == source.key]
        rows.append(
            SourceRow(
                source=source,
                facts=len(checked),
                latest=max(checked) if checked else None,
                stale=any((today - day).days > STALE_AFTER_DAYS for day in checked),
            )
        )
    return sorted(rows, key=lambda row: (row.source.publisher, row.source.title, row.source.key))


def all_sources_step(markdown: str, context: PageContext) -> str:
    def render_all(marker: Marker) -> str:
        if marker.name != "all" or marker.options:
            raise marker.fail("the only sources marker is <!-- sources:all -->")
        rows = source_rows(context.registry, dt.date.today())
        html = render(
            "all_sources.html", rows=rows, stale_after_days=STALE_AFTER_DAYS, classes=SOURCE_CLASS_NAMES, class_notes=SOURCE_CLASSES
        )
        return "\n\n" + html + "\n\n"

    return replace_markers(markdown, KIND, context.source, render_all, context.line_offset)
