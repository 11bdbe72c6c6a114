"""The glossary: validation of data/glossary.yml, and the tooltip writer on small HTML inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks.pages.all_sources_step import source_rows
from hooks.data.facts import Fact, FactRef, Registry, Source
from hooks.data.glossary import GLOSSARY_FILE, Glossary, Term, check_facts, load_glossary
from hooks.pages.glossary_step import render_glossary
from hooks.pages.tooltips_step import add_tooltips, tooltip_page

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def term(key: str, word: str, definition: str = "解释。", aliases: tuple[str, ...] = ()) -> Term:
    return Term(key=key, term=word, definition=definition, aliases=aliases, facts=(), guide="guides/credit.md")


GLOSSARY = Glossary(
    origin="data/glossary.yml",
    terms=(
        term("penalty_interest", "罚息", "多收的利息。"),
        term("instalment", "分期", "分成几次还。"),
        term("personalized_instalment", "个性化分期", "信用卡的协商分期。"),
        term("credit_report", "征信", "借还款记录。", aliases=("征信报告",)),
        term("lpr", "LPR", "贷款市场报价利率。"),
    ),
)


def abbr(key: str, word: str, title: str) -> str:
    return f'<abbr title="{title}" data-term="{key}">{word}</abbr>'


PENALTY = abbr("penalty_interest", "罚息", "多收的利息。")  # the wrapped form of 罚息 in GLOSSARY


# ---- tooltips ---------------------------------------------------------------------------------


def test_wraps_only_the_first_occurrence() -> None:
    html = "<p>罚息会累积。</p><p>罚息又出现。</p>"
    assert add_tooltips(html, GLOSSARY) == f"<p>{PENALTY}会累积。</p><p>罚息又出现。</p>"


def test_an_alias_counts_as_the_term_and_names_it_in_the_tooltip() -> None:
    html = "<p>查一下征信报告，再看征信。</p>"
    expected = f"<p>查一下{abbr('credit_report', '征信报告', '征信：借还款记录。')}，再看征信。</p>"
    assert add_tooltips(html, GLOSSARY) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<h2 id="x">罚息怎么算</h2>',
        "<h1>罚息</h1>",
        '<p><a href="../guides/">罚息</a></p>',
        "<p><code>罚息</code></p>",
        "<pre><code>罚息 = 本金 × 利率</code></pre>",
        '<p><abbr title="已有">罚息</abbr></p>',
        '<form class="calc"><label>罚息</label><p>罚息</p></form>',
        '<p><span class="fact" data-fact="x">罚息</span></p>',
        '<section class="page-sources"><p>罚息</p></section>',
        '<div class="admonition tip"><p class="admonition-title">罚息</p></div>',
        "<details><summary>罚息</summary></details>",
        '<p><img alt="罚息" src="a.png"> <span title="罚息">说明</span></p>',
        "<script>var a = '罚息';</script>",
    ],
)
def test_never_inside_headings_links_code_forms_facts_or_attributes(html: str) -> None:
    assert add_tooltips(html, GLOSSARY) == html


def test_skipped_places_do_not_use_up_the_first_occurrence() -> None:
    html = "<h2>罚息</h2><p>这里的罚息才是正文。</p>"
    assert add_tooltips(html, GLOSSARY) == f"<h2>罚息</h2><p>这里的{PENALTY}才是正文。</p>"


def test_text_after_a_closed_skip_element_is_body_text_again() -> None:
    html = '<p><a href="x/">罚息</a>和罚息</p>'
    assert add_tooltips(html, GLOSSARY) == f'<p><a href="x/">罚息</a>和{PENALTY}</p>'


def test_the_longest_term_wins_where_terms_overlap() -> None:
    html = "<p>个性化分期不同于分期。</p>"
    expected = (
        f"<p>{abbr('personalized_instalment', '个性化分期', '信用卡的协商分期。')}"
        f"不同于{abbr('instalment', '分期', '分成几次还。')}。</p>"
    )
    assert add_tooltips(html, GLOSSARY) == expected


def test_a_used_long_term_does_not_hand_its_inner_word_a_tooltip() -> None:
    html = "<p>个性化分期。再说个性化分期。</p>"
    out = add_tooltips(html, GLOSSARY)
    assert out.count("<abbr") == 1
    assert 'data-term="instalment"' not in out


def test_latin_terms_match_whole_words_only() -> None:
    html = "<p>XLPR 不是，LPR 才是。</p>"
    expected = f"<p>XLPR 不是，{abbr('lpr', 'LPR', '贷款市场报价利率。')} 才是。</p>"
    assert add_tooltips(html, GLOSSARY) == expected


def test_tooltip_text_is_escaped_for_the_attribute() -> None:
    glossary = Glossary("data/glossary.yml", (term("quote", "复利", 'a "b" <c> & d'),))
    assert add_tooltips("<p>复利</p>", glossary) == (
        '<p><abbr title="a &quot;b&quot; &lt;c&gt; &amp; d" data-term="quote">复利</abbr></p>'
    )


def test_html_without_terms_comes_back_byte_for_byte() -> None:
    html = (
        '<!DOCTYPE html><h1 id="t">标题<a class="headerlink" href="#t">&para;</a></h1>\n'
        "<!-- a comment --><p>正文 &amp; &#8220;引号&#x201D;<br>换行<br />再换行</p>"
        '<table><tr><td>单元格</td></tr></table><svg viewBox="0 0 1 1"><path d="M0 0"/></svg>'
        '<input type="text" value="x" aria-required="true"><P>大写</P>'
    )
    assert add_tooltips(html, GLOSSARY) == html.replace("<P>大写</P>", "<P>大写</p>")


def test_the_output_differs_from_the_input_only_by_the_abbr() -> None:
    html = "<p>这笔贷款的罚息按日计算。</p>"
    out = add_tooltips(html, GLOSSARY)
    assert out != html
    assert out.replace(PENALTY, "罚息") == html


def test_unclosed_paragraphs_do_not_leave_a_heading_open() -> None:
    html = "<div><p>一段<p>又一段</div><p>罚息</p>"
    assert 'data-term="penalty_interest"' in add_tooltips(html, GLOSSARY)


def test_the_glossary_page_gets_no_tooltips() -> None:
    html = "<p>罚息</p>"
    assert tooltip_page(html, "glossary.md", GLOSSARY) == html
    assert "<abbr" in tooltip_page(html, "guides/handling.md", GLOSSARY)


# ---- loading and validation -------------------------------------------------------------------

VALID = """
terms:
  penalty_interest:
    term: 罚息
    definition: 逾期后多收的利息。
    aliases: [逾期利息]
    facts:
      - {fact: penalty_markup_range, label: 常见上浮幅度}
      - unpaid_interest_compound
    guide: calculators/penalty.md
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, VALID), DOCS)
    assert glossary.terms == (
        Term(
            "penalty_interest",
            "罚息",
            "逾期后多收的利息。",
            ("逾期利息",),
            (FactRef("penalty_markup_range", "常见上浮幅度"), FactRef("unpaid_interest_compound")),
            "calculators/penalty.md",
        ),
    )


FACTS_BLOCK = "    facts:\n      - {fact: penalty_markup_range, label: 常见上浮幅度}\n      - unpaid_interest_compound"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("逾期后多收的利息。", "上浮 50% 的利息。", "'definition' states a figure"),
        ("逾期后多收的利息。", "按３０天算。", "'definition' states a figure"),
        ("逾期后多收的利息。", "保存五年。", "'definition' states a figure \\('五年'\\)"),  # Chinese numerals too
        ("definition: 逾期后多收的利息。", "definition: ''", "'definition' must be a non-empty text"),
        ("    term: 罚息\n", "", "'term' must be a non-empty text"),
        ("calculators/penalty.md", "guides/nowhere.md", r"'guide' names docs/guides/nowhere\.md"),
        ("calculators/penalty.md", "https://example.com/", "'guide' must be a page path"),
        ("calculators/penalty.md", "glossary.md", "'guide' must be a page path"),
        ("aliases: [逾期利息]", "aliases: 逾期利息", "'aliases' must be a list"),
        ("aliases: [逾期利息]", "aliases: [逾期利息, 逾期利息]", "'aliases' lists the same text twice"),
        ("aliases: [逾期利息]", "alias: [逾期利息]", r"unknown field\(s\) alias"),
        ("- unpaid_interest_compound", "- Unpaid Interest", "'facts' must list fact keys"),
        ("- unpaid_interest_compound", "- penalty_markup_range", "'facts' lists the same fact twice"),
        ("label: 常见上浮幅度", "label: 上浮 50%", "a 'facts' label states a figure"),
        ("label: 常见上浮幅度", "label: ''", "'facts' label for 'penalty_markup_range' must be"),
        (FACTS_BLOCK, "    facts: penalty_markup_range", "'facts' must be a list"),
    ],
)
def test_errors_name_the_file_and_the_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in VALID
    with pytest.raises(PluginError, match=r"^data/glossary\.yml: terms\.penalty_interest: " + message):
        load_glossary(write(tmp_path, VALID.replace(old, new)), DOCS)


def test_a_bad_key_is_named(tmp_path: Path) -> None:
    text = VALID.replace("penalty_interest:", "Penalty-Interest:")
    message = r"^data/glossary\.yml: terms\.Penalty-Interest: key must be lower_snake_case"
    with pytest.raises(PluginError, match=message):
        load_glossary(write(tmp_path, text), DOCS)


def test_a_long_definition_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match=r"terms\.penalty_interest: 'definition' is \d+ characters"):
        load_glossary(write(tmp_path, VALID.replace("逾期后多收的利息。", "很长" * 100)), DOCS)


def test_a_word_may_belong_to_one_term_only(tmp_path: Path) -> None:
    text = VALID + "  overdue_interest:\n    term: 逾期利息\n    definition: 同上。\n    guide: guides/credit.md\n"
    message = r"^data/glossary\.yml: terms\.overdue_interest: '逾期利息' is already used by terms\.penalty_interest"
    with pytest.raises(PluginError, match=message):
        load_glossary(write(tmp_path, text), DOCS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("terms: [a, b]\n", "top level must be only 'terms'"),
        ("words: {}\n", "top level must be only 'terms'"),
        ("terms: {}\n", "'terms' is empty"),
        ("terms: {a: [\n", "not valid YAML"),
    ],
)
def test_the_file_shape_is_checked(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PluginError, match=r"^data/glossary\.yml: " + message):
        load_glossary(write(tmp_path, text), DOCS)


def registry(*facts: str) -> Registry:
    source = Source("s", "标题", "发布者", "https://example.com/", "2024")
    day = dt.date(2026, 11, 24)
    return Registry({"s": source}, {key: Fact(key, "值", "s", day, "x.yml") for key in facts})


def test_fact_keys_must_exist_in_the_registry(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, VALID), DOCS)
    check_facts(glossary, registry("penalty_markup_range", "unpaid_interest_compound"))
    message = r"^data/glossary\.yml: terms\.penalty_interest: 'facts' names 'unpaid_interest_compound'"
    with pytest.raises(PluginError, match=message):
        check_facts(glossary, registry("penalty_markup_range"))


def test_the_real_glossary_is_valid_and_its_facts_exist() -> None:
    from hooks.data.facts import load_registry

    glossary = load_glossary(GLOSSARY_FILE, DOCS)
    check_facts(glossary, load_registry(ROOT / "data" / "facts"))
    assert len(glossary.terms) >= 16


def test_the_glossary_page_has_an_anchor_a_link_and_fact_markers_per_term(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, VALID), DOCS)
    markdown = render_glossary(glossary, "glossary.md", DOCS)
    assert "## 罚息 {#penalty_interest}" in markdown
    assert "- 常见上浮幅度：<!-- fact:penalty_markup_range -->" in markdown
    assert "- <!-- fact:unpaid_interest_compound -->" in markdown
    assert "](calculators/penalty.md)" in markdown
    assert "逾期利息" in markdown


# ---- the about page's list of every source ----------------------------------------------------


def test_source_rows_show_the_latest_check_and_flag_stale_facts() -> None:
    source = Source("s", "标题", "发布者", "https://example.com/", "2024")
    unused = Source("u", "另一个", "发布者", "https://example.org/", "2020")
    facts = {
        "a": Fact("a", "值", "s", dt.date(2024, 1, 1), "x.yml"),
        "b": Fact("b", "值", "s", dt.date(2026, 11, 1), "x.yml"),
    }
    rows = source_rows(Registry({"s": source, "u": unused}, facts), today=dt.date(2026, 11, 24))
    by_key = {row.source.key: row for row in rows}
    assert (by_key["s"].facts, by_key["s"].latest, by_key["s"].stale) == (2, dt.date(2026, 11, 1), True)
    assert (by_key["u"].facts, by_key["u"].latest, by_key["u"].stale) == (0, None, False)
