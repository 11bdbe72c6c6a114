"""MkDocs hook: every table of a page can be read as cards on a narrow screen (issue 21 §3).

Below 30em (a phone, or any phone at 200 % text) phone.css shows a table as one card per row, each value under
the name of its column, instead of columns hidden off to the right. The names come from here: each body cell of
a table with one header row gets its column's header text as `data-label`, and the table is marked
`data-cards`. Tables of Markdown, of the generated tables (hooks/pages/penalty_table.py) and of the calculators'
build-time examples alike; calculators.js labels the rows it writes in the browser the same way. The table stays a
table for screen readers (its header cells name the columns; the label is drawn with empty alternative text).

A table whose columns cannot be told from its markup (no header row, several header rows, a cell spanning rows)
is left as it is: it keeps its own scrolling box.
"""

from __future__ import annotations

import html as html_text
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MARK = "data-cards"
TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.DOTALL)
THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.DOTALL)
TBODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.DOTALL)
ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.DOTALL)
HEADER_CELL = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.DOTALL)
CELL_OPEN = re.compile(r"<(td|th)\b([^>]*)>")
COLSPAN = re.compile(r'\bcolspan="?(\d+)')
TAG = re.compile(r"<[^>]+>")


def _text(cell_html: str) -> str:
    return " ".join(html_text.unescape(TAG.sub("", cell_html)).split())


def _span(attributes: str) -> int:
    found = COLSPAN.search(attributes)
    return int(found.group(1)) if found else 1


def column_names(thead: str) -> list[str] | None:
    """The name of each column from the header row (a header spanning two columns names both); None when the
    header is not one plain row."""
    rows = ROW.findall(thead)
    if len(rows) != 1 or "rowspan" in thead:
        return None
    names: list[str] = []
    for attributes, content in HEADER_CELL.findall(rows[0][1]):
        names += [_text(content)] * _span(attributes)
    return names or None


def _label_row(row: str, names: list[str]) -> str:
    column = 0

    def label(match: re.Match[str]) -> str:
        nonlocal column
        tag, attributes = match.group(1), match.group(2)
        span = _span(attributes)
        here, column = column, column + span
        # a cell across several columns (a group's heading row) is a heading of its own: no column name
        if span != 1 or here >= len(names) or "data-label=" in attributes or not names[here]:
            return match.group(0)
        return f'<{tag}{attributes} data-label="{html_text.escape(names[here], quote=True)}">'

    return CELL_OPEN.sub(label, row)


def label_table(body: str) -> str | None:
    """The table's inside with every body cell labelled, or None when the columns cannot be told."""
    if "<table" in body:
        raise PluginError("hooks/pages/table_cards.py: a table inside a table; cards need one table at a time")
    thead = THEAD.search(body)
    if thead is None or "rowspan" in body:
        return None
    names = column_names(thead.group(1))
    if names is None:
        return None
    head_end = thead.end()

    def rows(part: str) -> str:
        return ROW.sub(lambda row: row.group(1) + _label_row(row.group(2), names) + row.group(3), part)

    rest = body[head_end:]
    if TBODY.search(rest):
        rest = TBODY.sub(lambda tbody: tbody.group(1) + rows(tbody.group(2)) + tbody.group(3), rest)
    else:
        rest = rows(rest)
    return body[:head_end] + rest


def label_tables(html: str) -> str:
    """Every table of a page's HTML with its cells labelled by column and marked data-cards (see above)."""

    def table(match: re.Match[str]) -> str:
        attributes, body = match.group(1), match.group(2)
        if MARK in attributes:
            return match.group(0)
        labelled = label_table(body)
        if labelled is None:
            return match.group(0)
        return f"<table{attributes} {MARK}>{labelled}</table>"

    return TABLE.sub(table, html)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return label_tables(html)
    except PluginError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error
