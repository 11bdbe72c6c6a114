"""Search tables from maintained data (OpenCC, pypinyin), the worker payload, and the build checks on it."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

from hooks.data.facts import load_registry
from hooks.search.payload import check_targets, crisis_block, rules_words, user_dictionary
from hooks.search.rules import load_search_rules
from tests.conftest import report
from hooks.search.tables import (
    common_characters,
    everyday_words,
    function_words,
    fuzzy,
    fuzzy_rules_for_javascript,
    index_vocabulary,
    pinyin_table,
    traditional_table,
    vocabulary_pinyin,
    word_keys,
)

ROOT = Path(__file__).resolve().parents[2]
MAX_TABLES_GZIP = 100_000  # the budget for the worker's extra tables, compressed


def test_traditional_characters_come_from_opencc_and_only_those_that_matter() -> None:
    table = traditional_table({"征", "还", "贷", "协", "网"})
    # 徵信 / 還款 / 網商貸 / 協商 as typed in Taiwan or Hong Kong
    assert table["徵"] == "征" and table["還"] == "还" and table["貸"] == "贷" and table["協"] == "协" and table["網"] == "网"
    assert set(table.values()) <= {"征", "还", "贷", "协", "网"}  # nothing outside the kept characters
    assert "征" not in table  # a simplified character is never rewritten


def test_common_characters_hold_everyday_and_typo_characters() -> None:
    common = common_characters()
    assert len(common) == 4000
    assert {"争", "征", "崔", "催", "于", "逾", "带", "贷"} <= common


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("争信", "征信"), ("崔收", "催收"), ("于期", "逾期"), ("罚细", "罚息"), ("宽线期", "宽限期"), ("协商换款", "协商还款")],
)
def test_a_homophone_slip_shares_a_pinyin_key_with_the_word(typed: str, meant: str) -> None:
    assert set(word_keys(typed)) & set(word_keys(meant))


def test_fuzzy_folds_what_input_methods_confuse() -> None:
    # z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing
    assert fuzzy("zheng") == fuzzy("zen") == "zen"
    assert fuzzy("chuang") == fuzzy("cuan")
    assert fuzzy("shi") == "si"
    assert fuzzy("nan") == fuzzy("lang") == "lan"
    assert fuzzy("xing") == fuzzy("xin")
    assert fuzzy("ng") == "n"  # 嗯: no vowel, so the n is not an initial
    assert fuzzy_rules_for_javascript()[0] == [r"^([zcs])h", "$1"]


def test_pinyin_tables_group_characters_and_words_by_sound() -> None:
    table = pinyin_table({"征", "争", "正", "信"})
    assert set(table["zen"]) == {"征", "争", "正"}
    # a character's usual reading, and the readings it has in the site's words (行 in 银行); not rare ones (有 as wei)
    table = pinyin_table({"有", "行"}, {"银行"})
    assert table == {"you": "有", "xin": "行", "han": "行"}
    words = vocabulary_pinyin({"征信", "催收", "12378", "征"})
    assert "征信" in words["zen xin"].split() and "催收" in words["cui sou"].split()
    assert all("12378" not in group and group != "征" for group in words.values())  # Han words of 2+ only
    # a word is filed under the reading it is said with, not a rare reading of one character (说 as yue)
    words = vocabulary_pinyin({"来说", "行长"})
    assert words == {"lai suo": "来说", "han zan": "行长"}


def test_the_index_vocabulary_is_split_like_materials_worker() -> None:
    index = {"docs": [{"title": "催收\u200b规则", "text": "<p>征信\u200b记录 12378</p>"}]}
    assert index_vocabulary(index, r"[\s\u200b]+") == {"催收", "规则", "征信", "记录", "12378"}


def test_every_synonym_target_must_be_a_word_of_the_index() -> None:
    rules = load_search_rules(ROOT / "data")
    with pytest.raises(PluginError, match=r"not words of the search index: \['罚息'\]"):
        check_targets(rules, rules.targets() - {"罚息"})
    check_targets(rules, rules.targets())


def test_function_words_come_from_stopwords_iso_except_the_words_the_rules_use() -> None:
    import stopwordsiso

    listed = stopwordsiso.stopwords("zh")
    rules = load_search_rules(ROOT / "data")
    used = rules_words(rules, user_dictionary(ROOT / "data" / "search" / "userdict.txt"))
    words = function_words(used)
    assert len(words) > 300 and set(words) <= listed
    # 为什么 (the causes guide's synonym), 对比 (the calculators' cue) and 怎么办 are on stopwords-iso's list, but the
    # rules give them a meaning, so they stay in the query
    assert {"为什么", "对比", "怎么办"} <= listed & used
    assert not set(words) & used
    assert all(len(word) >= 2 for word in words), "single characters are parts of the site's terms (还, 会)"
    assert "开始" in words and "开始" in function_words(set()) and "开始" not in function_words({"开始"})


def test_everyday_words_are_jiebas_most_frequent_minus_the_index_words_and_what_holds_them() -> None:
    plain = everyday_words(set())
    assert {"人生", "晚上", "感觉"} <= set(plain) and len(plain) > 3000
    assert all(2 <= len(word) <= 4 for word in plain)
    # with 人生 an index word, neither it nor a word holding it is an everyday word: the reader's 人生 stays a word
    # of the site
    assert not [word for word in everyday_words({"人生"}) if "人生" in word]
    assert "晚上" in everyday_words({"人生"})


def test_the_crisis_block_takes_numbers_and_hours_from_the_facts() -> None:
    registry = load_registry(ROOT / "data" / "facts")
    html = crisis_block(load_search_rules(ROOT / "data"), registry)
    for key in ("hotline_12356", "hotline_120", "hotline_110"):
        number = registry.facts[key].value
        assert f'<a href="tel:{number}">{number}</a>' in html
    assert registry.facts["hotline_12356_hours"].value in html
    # 120 before 12356 before 110, as on the help page and in the triage tool
    numbers = [registry.facts[key].value for key in ("hotline_120", "hotline_12356", "hotline_110")]
    assert re.findall(r'href="tel:(\d+)"', html) == numbers


def test_no_crisis_word_is_part_of_a_domain_word_or_a_debt_question() -> None:
    rules = load_search_rules(ROOT / "data")
    domain = [*user_dictionary(ROOT / "data" / "search" / "userdict.txt"), *rules.targets(), *rules.synonyms]
    clashes = [(word, term) for word in rules.crisis_words for term in domain if word in term]
    assert not clashes
    queries = [
        entry
        for name in ("search_queries.yml", "search_queries_more.yml")
        for entry in yaml.safe_load((ROOT / "tests" / "site" / name).read_text(encoding="utf-8"))
    ]
    # a query for the hotlines lists about/ (which lists them too) or help/ (the crisis page) among its pages
    debt_questions = [entry["query"] for entry in queries if not {"about/", "help/"} & set(entry["pages"])]
    assert not [(word, query) for word in rules.crisis_words for query in debt_questions if word in query]


def test_the_worker_tables_fit_the_budget(built_site: Path) -> None:
    rules_js = (built_site / "assets" / "javascripts" / "workers" / "search-rules.js").read_bytes()
    size = len(gzip.compress(rules_js, compresslevel=9))
    report(f"search worker tables: {len(rules_js) / 1000:.0f} kB, {size / 1000:.0f} kB with gzip (budget 100 kB)")
    assert size <= MAX_TABLES_GZIP
    payload = json.loads(rules_js.decode("utf-8").split("self.searchQueryRules = ", 1)[1].rstrip(";\n"))
    assert {"traditional", "pinyin", "words", "synonyms", "crisis", "durations", "fallback", "aliases"} <= set(payload)
