"""hooks/pages/table_cards.py: every body cell named by its column, so a narrow screen can show a row as a card."""

from __future__ import annotations

import re

import pytest
from mkdocs.exceptions import PluginError

from hooks.pages.table_cards import label_tables

MARKDOWN_TABLE = """<table>
<thead>
<tr>
<th>情况</th>
<th>找<abbr title="中国人民银行征信中心">征信中心</abbr> &amp; 银行</th>
</tr>
</thead>
<tbody>
<tr>
<td>信息错了</td>
<td><a href="../x/">申请异议</a></td>
</tr>
<tr>
<td>想查报告</td>
<td>网上查</td>
</tr>
</tbody>
</table>"""


def test_each_body_cell_gets_its_column_header_as_text_and_the_table_is_marked() -> None:
    out = label_tables("<p>前</p>" + MARKDOWN_TABLE + "<p>后</p>")
    assert out != MARKDOWN_TABLE
    assert out.startswith("<p>前</p><table data-cards>") and out.endswith("</table><p>后</p>")
    # the header's text without its markup, escaped again for the attribute
    assert re.findall(r'<td data-label="([^"]*)">', out) == ["情况", "找征信中心 &amp; 银行", "情况", "找征信中心 &amp; 银行"]
    # the header row and the cells' contents are untouched
    assert out.count("<th>") == 2 and '<a href="../x/">申请异议</a>' in out


def test_a_calculator_table_labels_its_row_header_cell_too() -> None:
    table = (
        '<table data-table="schedule"><caption>每期</caption><thead><tr><th scope="col" data-column="period">期</th>'
        '<th scope="col" data-column="payment">当期还款</th></tr></thead><tbody data-calculator-rows="schedule">'
        '<tr><th scope="row">1</th><td>916.80</td></tr></tbody></table>'
    )
    out = label_tables(table)
    assert '<table data-table="schedule" data-cards>' in out
    assert '<tr><th scope="row" data-label="期">1</th><td data-label="当期还款">916.80</td></tr>' in out


def test_a_heading_across_the_row_gets_no_name_and_columns_after_a_span_keep_theirs() -> None:
    table = (
        "<table><thead><tr><th>天数</th><th>日利率 0.02%</th><th>日利率 0.05%</th></tr></thead>"
        '<tbody><tr><th scope="rowgroup" colspan="3">本金 5,000 元</th></tr>'
        '<tr><th scope="row">7 天</th><td data-value="10.50">10.50</td><td>26.25</td></tr></tbody></table>'
    )
    out = label_tables(table)
    assert '<th scope="rowgroup" colspan="3">本金 5,000 元</th>' in out
    assert '<th scope="row" data-label="天数">7 天</th>' in out
    assert '<td data-value="10.50" data-label="日利率 0.02%">10.50</td><td data-label="日利率 0.05%">26.25</td>' in out


def test_a_header_cell_across_two_columns_names_both() -> None:
    table = '<table><thead><tr><th>项</th><th colspan="2">金额</th></tr></thead><tbody><tr><td>a</td><td>1</td><td>2</td></tr></tbody></table>'
    assert re.findall(r'data-label="([^"]*)"', label_tables(table)) == ["项", "金额", "金额"]


@pytest.mark.parametrize(
    "table",
    [
        "<table><tr><td>没有表头</td><td>x</td></tr></table>",
        "<table><thead><tr><th>a</th></tr><tr><th>b</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
        '<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td rowspan="2">1</td><td>2</td></tr><tr><td>3</td></tr></tbody></table>',
    ],
    ids=["no header row", "two header rows", "a cell across rows"],
)
def test_a_table_whose_columns_cannot_be_told_is_left_as_it_is(table: str) -> None:
    assert label_tables(table) == table


def test_a_table_already_marked_is_not_labelled_twice() -> None:
    once = label_tables(MARKDOWN_TABLE)
    assert label_tables(once) == once


def test_a_table_inside_a_table_stops_the_build() -> None:
    with pytest.raises(PluginError, match="a table inside a table"):
        label_tables("<table><thead><tr><th>a</th></tr></thead><tbody><tr><td><table><tr><td>x</td></tr></table></td></tr></tbody></table>")
