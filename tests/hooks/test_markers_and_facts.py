"""Markers, the facts registry and the calculator step, tested without a full build."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import markdown
import pytest
from mkdocs.exceptions import PluginError

from calculators.penalty import CALCULATOR
from hooks.pages.calculator_step import calculator_step
from hooks.data.facts import Fact, Registry, Source, load_registry
from hooks.pages.facts_step import fact_step, sources_step
from hooks.pages.markers import check_no_markers_left, replace_markers
from hooks.pages.page import PageContext

ROOT = Path(__file__).resolve().parents[2]

SOURCE = Source("law", "某条例", "国务院", "https://www.gov.cn/example", "2013-01-21")
REGISTRY = Registry(
    sources={"law": SOURCE},
    facts={"years": Fact("years", "5 年", "law", dt.date(2026, 11, 24), "test.yml")},
)


def context(meta: dict | None = None) -> PageContext:
    return PageContext(source="guides/x.md", meta={"reviewed": dt.date(2026, 11, 24), **(meta or {})}, registry=REGISTRY)


# ---- markers ---------------------------------------------------------------------


def test_replace_markers_touches_only_its_own_kind_and_keeps_backslashes() -> None:
    text = "a <!-- fact:years --> b <!-- calc:penalty --> c <!-- 普通注释 -->"
    out = replace_markers(text, "fact", "x.md", lambda marker: r"\1 \d")
    assert out == r"a \1 \d b <!-- calc:penalty --> c <!-- 普通注释 -->"


def test_marker_options_and_line_numbers_are_parsed() -> None:
    seen = []
    replace_markers("one\ntwo\n<!-- table:demo rows=3 unit=元 -->\n", "table", "p.md", lambda m: seen.append(m) or "")
    assert (seen[0].name, seen[0].options, seen[0].line, seen[0].source) == ("demo", {"rows": "3", "unit": "元"}, 3, "p.md")


def test_a_marker_left_after_all_steps_fails_with_file_and_line() -> None:
    with pytest.raises(PluginError, match=r"p\.md:2: unknown marker kind 'nosuch'"):
        check_no_markers_left("text\n<!-- nosuch:thing -->", "p.md")
    check_no_markers_left("an ordinary <!-- comment --> stays", "p.md")


# ---- facts ------------------------------------------------------------------------


def test_a_fact_renders_its_value_and_a_link_to_its_source() -> None:
    page = context()
    out = fact_step("保存 <!-- fact:years -->。", page)
    assert '<span class="fact" data-fact="years">5 年</span>' in out
    assert '<a href="#source-law"' in out and "[1]" in out
    assert page.cited == {"law": dt.date(2026, 11, 24)}


def test_an_unknown_fact_key_fails_with_file_and_line() -> None:
    with pytest.raises(PluginError, match=r"guides/x\.md:3: <!-- fact:nope -->: unknown fact key"):
        fact_step("\n\n<!-- fact:nope -->", context())


def test_the_sources_block_lists_cited_sources_and_the_review_date() -> None:
    page = context()
    out = sources_step(fact_step("<!-- fact:years -->", page), page)
    assert 'id="source-law"' in out and SOURCE.url in out and "最后核对：2026-11-24" in out
    assert "2026 年 11 月 24 日" in out


def test_a_page_without_a_review_date_fails() -> None:
    with pytest.raises(PluginError, match=r"guides/x\.md: front matter 'reviewed'"):
        sources_step("text", PageContext(source="guides/x.md", meta={}, registry=REGISTRY))


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


GOOD_SOURCE = "sources:\n  s: {title: T, publisher: P, url: 'https://x.cn/a', published: 2020-01-01, class: primary}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_SOURCE + "facts:\n  f: {value: v, source: missing, checked: 2026-11-24}\n", r"a\.yml: facts\.f: unknown source 'missing'"),
        (GOOD_SOURCE + "facts:\n  f: {value: v, source: s, checked: soon}\n", r"a\.yml: facts\.f: 'checked' must be a date"),
        (GOOD_SOURCE + "facts:\n  f: {source: s, checked: 2026-11-24}\n", r"a\.yml: facts\.f: 'value' must be a non-empty text"),
        ("sources:\n  s: {title: T, publisher: P, url: 'ftp://x', published: 2020, class: primary}\n", r"a\.yml: sources\.s: 'url' must start with https://"),
        ("sources:\n  s: {title: T, publisher: P, url: 'https://x', published: last year}\n", r"a\.yml: sources\.s: 'published'"),
        ("sources:\n  s: {title: T, publisher: P, url: 'https://x', published: 2020}\n", r"a\.yml: sources\.s: 'class' must be one of primary, official_media, reprint, other"),
        ("sources:\n  s: {title: T, publisher: P, url: 'https://x', published: 2020, class: blog}\n", r"sources\.s: 'class' must be one of .*got 'blog'"),
        ("sources: [1, 2]\n", r"a\.yml: 'sources' must be a mapping"),
        ("other: 1\n", r"a\.yml: top level must have only"),
        ("sources: {s: [unclosed\n", r"a\.yml: not valid YAML"),
    ],
)
def test_registry_errors_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PluginError, match=message):
        load_registry(write(tmp_path / "facts", "a.yml", text))


def test_duplicate_keys_across_files_are_refused(tmp_path: Path) -> None:
    folder = write(tmp_path / "facts", "a.yml", GOOD_SOURCE)
    write(folder, "b.yml", GOOD_SOURCE)
    with pytest.raises(PluginError, match=r"b\.yml: sources\.s: duplicate source key"):
        load_registry(folder)


def test_facts_checked_over_a_year_ago_are_reported_stale(tmp_path: Path) -> None:
    folder = write(tmp_path / "facts", "a.yml", GOOD_SOURCE + "facts:\n  old: {value: v, source: s, checked: 2025-01-01}\n  new: {value: v, source: s, checked: 2026-11-01}\n")
    registry = load_registry(folder)
    assert [fact.key for fact in registry.stale(dt.date(2026, 11, 24))] == ["old"]


def test_the_real_registry_loads_and_every_source_is_cited_by_a_fact() -> None:
    registry = load_registry(ROOT / "data" / "facts")
    assert registry.facts
    assert {fact.source for fact in registry.facts.values()} == set(registry.sources)


# ---- calculator step ---------------------------------------------------------------


def test_the_calculator_marker_becomes_a_form_with_the_python_result() -> None:
    markdown = "# 标题\n\n<!-- calc:penalty -->\n"
    out = calculator_step(markdown, context())
    assert out != markdown
    assert '<form class="calc" data-calculator="penalty"' in out
    expected = CALCULATOR.run(CALCULATOR.form.defaults())["result"]
    for key, value in expected["values"].items():
        assert f'<span data-value="{key}">{html.escape(value)}</span>' in out
    for field in CALCULATOR.form.fields:
        if field.kind == "radio":  # a fieldset whose legend is the label; each answer has its own label
            assert re.search(rf'<fieldset class="calc__radios" id="calc-penalty-{field.name}"', out), field.name
            assert all(f'<label for="calc-penalty-{field.name}-{option.value}">' in out for option in field.options), field.name
        else:
            assert re.search(rf'<label for="calc-penalty-{field.name}">', out), field.name
        assert f'data-error-for="{field.name}" role="alert"' in out
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>', out)
    assert rows == [row["day"] for row in expected["tables"]["days"]]
    # without JavaScript the submit button cannot reload the page and wipe the fields
    assert re.search(r'<button type="submit"[^>]*disabled', out)


def test_a_radio_field_is_a_fieldset_of_labelled_answers_with_the_preset_checked() -> None:
    from calculators.triage import CALCULATOR as TRIAGE

    out = calculator_step("<!-- calc:triage -->\n", context())
    for field in TRIAGE.form.fields:
        assert field.kind == "radio"
        group = re.search(rf'<fieldset class="calc__radios" id="calc-triage-{field.name}".*?</fieldset>', out, re.S)
        assert group, field.name
        assert f"<legend>{field.label}</legend>" in group.group(0)
        radios = re.findall(rf'<input id="calc-triage-{field.name}-(\w+)" name="{field.name}" type="radio" value="(\w+)"( checked)?>', group.group(0))
        assert [(i, v) for i, v, _ in radios] == [(o.value, o.value) for o in field.options]
        assert [v for _, v, checked in radios if checked] == [field.default]  # one answer preset: the example
        for option in field.options:
            assert f'<label for="calc-triage-{field.name}-{option.value}">{option.label}</label>' in group.group(0)
        assert f'data-error-for="{field.name}" role="alert"' in out
    assert "<select" not in out


def test_a_field_of_an_unknown_kind_or_a_choice_without_options_is_refused() -> None:
    from calculators.forms import Field

    with pytest.raises(ValueError, match="kind 'checkbox'"):
        Field("x", "某项", "", kind="checkbox")
    with pytest.raises(ValueError, match="a radio needs options"):
        Field("x", "某项", "", kind="radio")


def test_an_unknown_calculator_or_options_fail_with_file_and_line() -> None:
    with pytest.raises(PluginError, match=r"guides/x\.md:2: <!-- calc:loan -->: unknown calculator"):
        calculator_step("\n<!-- calc:loan -->", context())
    with pytest.raises(PluginError, match=r"guides/x\.md:1: .*calculators take no options"):
        calculator_step("<!-- calc:penalty size=big -->", context())


def test_a_fact_value_stays_literal_in_markdown_and_html() -> None:
    from hooks.pages.facts_step import inline_text

    # Python-Markdown reads Markdown inside inline HTML: unescaped, *b* would become <em>b</em>
    value = "a*b*_c_ `d` [e](f) | <g> & \\"
    rendered = markdown.markdown(f'<span class="fact">{inline_text(value)}</span>')
    assert html.unescape(re.sub(r"</?(p|span)[^>]*>", "", rendered)) == value


# ---- source classes, worked examples, phone links -------------------------------------


def test_the_source_class_is_loaded() -> None:
    registry = load_registry(ROOT / "data" / "facts")
    assert registry.sources["npc_civil_code"].source_class == "primary"
    assert registry.sources["people_2024_12356"].source_class == "official_media"


EXAMPLE_REGISTRY = Registry(
    sources={"law": SOURCE},
    facts={
        "example_until": Fact("example_until", "2031 年 3 月 15 日", "law", dt.date(2026, 11, 25), "t.yml"),
        "hotline_12356": Fact("hotline_12356", "12356", "law", dt.date(2026, 11, 25), "t.yml"),
        "hotline_12356_hours": Fact("hotline_12356_hours", "每天至少 18 小时", "law", dt.date(2026, 11, 25), "t.yml"),
        "years": Fact("years", "5 年", "law", dt.date(2026, 11, 24), "t.yml"),
    },
)


def example_context() -> PageContext:
    return PageContext(source="p.md", meta={"reviewed": dt.date(2026, 11, 25)}, registry=EXAMPLE_REGISTRY)


def test_a_worked_example_says_it_is_the_sites_own_and_links_the_rule_not_a_plain_source() -> None:
    out = fact_step("<!-- fact:example_until -->", example_context())
    assert "本站示例" in out and 'href="#source-law"' in out
    plain = fact_step("<!-- fact:years -->", example_context())
    assert "本站示例" not in plain  # an ordinary fact keeps its plain numbered link


def test_a_hotline_fact_becomes_a_tappable_tel_link_and_facts_about_it_do_not() -> None:
    out = fact_step("拨打 <!-- fact:hotline_12356 -->（<!-- fact:hotline_12356_hours -->）", example_context())
    assert '<a class="tel" href="tel:12356"><span class="fact" data-fact="hotline_12356">12356</span></a>' in out
    assert 'href="tel:' not in out.split("hotline_12356_hours")[1]  # the hours are text, not a number to call
    assert 'href="#source-law"' in out  # still cites its source
    plain = fact_step("<!-- fact:years -->", example_context())
    assert "tel:" not in plain  # digits in an ordinary fact are not a phone number
