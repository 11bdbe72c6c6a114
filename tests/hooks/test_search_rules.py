"""Search at build time: the user dictionary, the query rules, aliases in the index, the wrapper worker."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jieba
import pytest
from mkdocs.exceptions import PluginError

from hooks.search_rules import add_aliases_to_index, load_search_rules, page_aliases, segment

ROOT = Path(__file__).resolve().parents[2]
USER_DICTIONARY = ROOT / "data" / "search" / "userdict.txt"


@pytest.fixture(scope="module")
def domain_jieba() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(USER_DICTIONARY))
    return tokenizer


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("网商贷逾期后会爆通讯录吗", "爆通讯录"),
        ("网商贷逾期后会爆通讯录吗", "网商贷"),
        ("听说可以停息挂账", "停息挂账"),
        ("会不会被列为失信被执行人", "失信被执行人"),
        ("法院判了以后限制高消费", "限制高消费"),
        ("不要以贷养贷", "以贷养贷"),
        ("信用卡有个性化分期", "个性化分期"),
    ],
)
def test_the_user_dictionary_keeps_domain_words_whole(domain_jieba: jieba.Tokenizer, sentence: str, word: str) -> None:
    assert word in list(domain_jieba.cut(sentence))


def test_without_the_dictionary_jieba_splits_those_words() -> None:
    # proof that the dictionary matters: plain jieba does not keep them whole
    plain = jieba.Tokenizer()
    assert "爆通讯录" not in list(plain.cut("网商贷逾期后会爆通讯录吗"))


def test_the_site_config_loads_the_user_dictionary_and_keeps_u200b_in_the_separator() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "jieba_dict_user: data/search/userdict.txt" in text
    separator = re.search(r"separator: '(.+)'", text).group(1)
    assert "\\u200b" in separator


def test_the_real_rules_load_and_become_a_worker_script() -> None:
    rules = load_search_rules(ROOT / "data" / "search.yml")
    assert rules.traditional["徵"] == "征" and rules.traditional["還"] == "还"
    assert rules.typos["争信"] == "征信"
    script = rules.to_javascript()
    payload = json.loads(script.split("self.searchQueryRules = ", 1)[1].rstrip(";\n"))
    assert payload["synonyms"]["坐牢"] == rules.synonyms["坐牢"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("traditional: 徵征還\n", "traditional: expected pairs"),
        ("typos: {争信: ''}\n", r"typos\.争信: expected non-empty text"),
        ("synonyms: {坐牢: 刑事}\n", r"synonyms\.坐牢: expected a list"),
        ("stopwords: 我\n", "stopwords: expected a list"),
        ("colours: []\n", "unknown keys"),
    ],
)
def test_bad_rules_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "search.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PluginError, match=rf"data/search\.yml: {message}"):
        load_search_rules(path)


def test_aliases_must_be_a_list_of_phrases() -> None:
    assert page_aliases({"aliases": ["爆通讯录", 12378]}, "p.md") == ["爆通讯录", "12378"]
    assert page_aliases({}, "p.md") == []
    with pytest.raises(PluginError, match="p.md: front matter 'aliases'"):
        page_aliases({"aliases": "爆通讯录"}, "p.md")
    with pytest.raises(PluginError, match="p.md: front matter 'aliases'"):
        page_aliases({"aliases": [["nested"]]}, "p.md")


def test_aliases_are_added_segmented_to_their_page_entry_only() -> None:
    index = {"docs": [{"location": "guides/x/", "text": "正文"}, {"location": "guides/x/#a", "text": "小节"}]}
    add_aliases_to_index(index, {"guides/x/": ["催收打给家人"]})
    # after the page text, a mark the wrapper worker cuts at, so aliases are found but never shown
    assert index["docs"][0]["text"].startswith("正文\u200b\u2063\u200b")
    assert "\u200b".join(jieba.cut("催收打给家人")) in index["docs"][0]["text"]
    assert index["docs"][1]["text"] == "小节"
    with pytest.raises(PluginError, match="no entry for page 'gone/'"):
        add_aliases_to_index(index, {"gone/": ["x"]})


def test_segment_wraps_chinese_runs_in_u200b_like_materials_plugin() -> None:
    # each Han run is segmented and surrounded by U+200B; the ends of the whole text are stripped
    assert segment("征信 12378") == "征信\u200b 12378"
    assert segment("查征信报告") == "\u200b".join(jieba.cut("查征信报告"))
    assert "\u200b" in segment("查征信报告")


def test_the_built_index_holds_each_page_aliases(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    collection = next(doc for doc in index["docs"] if doc["location"] == "guides/collection/")
    assert "爆通讯录" in collection["text"].split("\u200b")


def test_every_page_loads_the_wrapper_worker_and_the_rules(built_site: Path) -> None:
    for page in [*built_site.rglob("index.html"), built_site / "404.html"]:
        config = re.search(r'"search": "([^"]+)"', page.read_text(encoding="utf-8")).group(1)
        assert "/workers/search-zh.js?material=search." in config, page
    assert (built_site / "assets" / "javascripts" / "workers" / "search-rules.js").exists()
