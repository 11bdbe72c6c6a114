"""Calculator forms leave the search snippets but not the index (hooks/search/forms.py)."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from hooks.search.forms import EXCLUDE, add_unshown_text, section_of, unshown_forms
from hooks.search.rules import ALIASES_MARK

PAGE = (
    '<h1 id="title">罚息怎么算</h1><p>先看账单。</p>'
    '<h2 id="怎么填">怎么填</h2><p>照账单填。</p>'
    '<form class="calc" data-calculator="penalty" novalidate><label>合同利率</label>'
    '<p class="calc__help">日利率填 0.05 表示每天 0.05%</p><select><option>日利率</option><option>年化利率</option></select>'
    '<template><p>第 __INDEX__ 项</p></template><script>ignored()</script></form>'
    '<h2 id="下一步">下一步</h2><p>去协商。</p>'
)


def test_each_form_is_marked_for_materials_search_to_leave_out_and_its_words_kept() -> None:
    marked, forms = unshown_forms(PAGE)
    assert marked != PAGE
    assert f'<form class="calc" data-calculator="penalty" novalidate {EXCLUDE}>' in marked
    assert marked.replace(f" {EXCLUDE}", "") == PAGE  # nothing else changed
    # the section the form sits in, and its text without the row template or scripts
    assert forms == [("怎么填", "合同利率 日利率填 0.05 表示每天 0.05% 日利率 年化利率")]


def test_a_form_before_any_section_belongs_to_the_page() -> None:
    assert section_of(PAGE, PAGE.index("先看账单")) is None
    assert section_of(PAGE, PAGE.index("<form")) == "怎么填"
    assert unshown_forms("<p>x</p>") == ("<p>x</p>", [])


def test_form_words_go_after_the_mark_where_results_are_cut() -> None:
    index = {"docs": [{"location": "a/", "text": "正文"}, {"location": "a/#s", "text": f"节\u200b{ALIASES_MARK}\u200b别名"}]}
    add_unshown_text(index, {"a/": ["合同利率"], "a/#s": ["日利率"]})
    page, section = index["docs"]
    assert page["text"].split(ALIASES_MARK)[0] == "正文\u200b"
    assert "合同\u200b利率" in page["text"].split(ALIASES_MARK)[1] or "合同利率" in page["text"].split(ALIASES_MARK)[1]
    assert section["text"].count(ALIASES_MARK) == 1 and section["text"].endswith("日利率")
    with pytest.raises(PluginError, match="no entry 'b/'"):
        add_unshown_text(index, {"b/": ["x"]})
