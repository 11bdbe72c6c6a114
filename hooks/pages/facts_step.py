"""Steps: `<!-- fact:KEY -->` becomes the fact's value with a link to its source, and every
page ends with the list of the sources it cited and its review date (front matter `reviewed`).
"""

from __future__ import annotations

import datetime as dt
import html

from mkdocs.exceptions import PluginError

from hooks.data.facts import SOURCE_CLASS_NAMES, Fact, iso_date
from hooks.pages.markers import Marker, replace_markers
from hooks.pages.page import PageContext, render

KIND = "fact"

# Python-Markdown still reads Markdown inside inline HTML: keep a value's * _ ` [ ] | literal.
_MARKDOWN_LITERALS = str.maketrans({c: f"&#{ord(c)};" for c in "*_`[]|\\"})


def inline_text(value: str) -> str:
    """Text for inline HTML in a Markdown page: HTML-escaped, Markdown syntax neutralised."""
    return html.escape(value).translate(_MARKDOWN_LITERALS)


def fact_reference(fact: Fact, context: PageContext) -> str:
    """The fact's value with a numbered link to its source, which this cites on the page.

    The one renderer of a fact: fact markers and generated tables (hooks/pages/tables_step.py) share it.
    """
    number = context.cite(fact.source, fact.checked)
    title = html.escape(context.registry.sources[fact.source].title, quote=True)
    value = f'<span class="fact" data-fact="{fact.key}">{inline_text(fact.value)}</span>'
    if fact.is_phone:  # a hotline readers can tap on a phone, on every page; the number still comes from the fact
        value = f'<a class="tel" href="tel:{fact.value}">{value}</a>'
    if fact.is_example:
        # The source holds the rule, not this example: say so instead of implying it does.
        return (
            f'{value}<sup class="fact-ref fact-ref--example">（本站示例，按<a href="#source-{fact.source}" '
            f'title="规则来源：{title}">[{number}]</a>的规则计算）</sup>'
        )
    return f'{value}<sup class="fact-ref"><a href="#source-{fact.source}" title="来源：{title}">[{number}]</a></sup>'


def fact_step(markdown: str, context: PageContext) -> str:
    def render_fact(marker: Marker) -> str:
        fact = context.registry.facts.get(marker.name)
        if fact is None:
            raise marker.fail("unknown fact key (facts live in data/facts/*.yml)")
        if marker.options:
            raise marker.fail(f"facts take no options, got {', '.join(marker.options)}")
        return fact_reference(fact, context)

    return replace_markers(markdown, KIND, context.source, render_fact, context.line_offset)


def reviewed_date(context: PageContext) -> dt.date:
    value = context.meta.get("reviewed")
    if (date := iso_date(value)) is not None:
        return date
    raise PluginError(f"{context.source}: front matter 'reviewed' must be a date written YYYY-MM-DD, got {value!r}")


def sources_step(markdown: str, context: PageContext) -> str:
    """Append the page's sources and review date; runs after every step that cites."""
    items = [
        {"source": context.registry.sources[key], "checked": checked} for key, checked in context.cited.items()
    ]
    block = render("sources.html", sources=items, reviewed=reviewed_date(context), classes=SOURCE_CLASS_NAMES)
    return markdown.rstrip() + "\n\n" + block + "\n"
