"""Search at build time: the user dictionary, the query rules, aliases in the index, the wrapper worker."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jieba
import pytest
from mkdocs.exceptions import PluginError

from hooks.search.index import FULL_INDEX_FILE
from hooks.search.rules import add_aliases_to_index, load_search_rules, page_aliases, segment

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


def test_the_real_rules_load() -> None:
    rules = load_search_rules(ROOT / "data")
    assert "罚息" in rules.synonyms["违约金"] and "失信被执行人" in rules.synonyms["老赖"]
    assert [(item.first_day, item.last_day) for item in rules.durations][0][0] == 1
    assert "自杀" in rules.crisis_words
    # the order a reader in danger needs: 120 first, then 12356 (not around the clock), then 110
    assert [line.number for line in rules.hotlines] == ["hotline_120", "hotline_12356", "hotline_110"]


VALID = {
    "search.yml": (
        "stopwords: [我]\n"
        "durations: {about: [逾期], alone_with: [逾期], ranges: [{from: 1, to: 30, terms: [宽限期], pages: [guides/x/]}]}\n"
        "fallback: {pages: [guides/x/]}\n"
        "crisis: {page: about/, title: 打电话, hotlines: [{number: hotline_110, label: 报警}]}\n"
    ),
    "search/synonyms.yml": "- {terms: [罚息], words: [违约金]}\n",
    "search/crisis.yml": "words: [想死]\n",
}


def write_rules(folder: Path, **changes: str) -> Path:
    for name, text in {**VALID, **{key.replace("__", "/") + ".yml": value for key, value in changes.items()}}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_valid_rules_folder_loads(tmp_path: Path) -> None:
    rules = load_search_rules(write_rules(tmp_path))
    assert rules.synonyms == {"违约金": ["罚息"]}
    assert rules.targets() == {"罚息", "宽限期"} and rules.pages() == {"about/", "guides/x/"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"search": VALID["search.yml"] + "colours: []\n"}, r"data/search\.yml: unknown keys"),
        ({"search": VALID["search.yml"].replace("stopwords: [我]", "stopwords: 我")}, r"stopwords: expected a list"),
        ({"search": VALID["search.yml"].replace("from: 1", "from: 0")}, r"durations\.ranges\[0\]: expected whole days"),
        ({"search": VALID["search.yml"].replace("[guides/x/]}]", "[Guides X]}]")}, r"is not a page path"),
        ({"search": VALID["search.yml"].replace("label: 报警", "lable: 报警")}, r"crisis\.hotlines\[0\]: unknown keys"),
        ({"search__synonyms": "- {terms: 罚息, words: [违约金]}\n"}, r"synonyms\.yml\[0\]\.terms: expected a list"),
        ({"search__crisis": "word: [想死]\n"}, r"crisis\.yml: unknown keys"),
    ],
)
def test_bad_rules_name_the_file_and_key(tmp_path: Path, changes: dict[str, str], message: str) -> None:
    with pytest.raises(PluginError, match=message):
        load_search_rules(write_rules(tmp_path, **changes))


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
    index = json.loads((built_site / FULL_INDEX_FILE).read_text(encoding="utf-8"))
    collection = next(doc for doc in index["docs"] if doc["location"] == "guides/collection/")
    assert "爆通讯录" in collection["text"].split("\u200b")


def test_every_page_loads_the_wrapper_worker_and_the_rules(built_site: Path) -> None:
    for page in [*built_site.rglob("index.html"), built_site / "404.html"]:
        config = re.search(r'"search": "([^"]+)"', page.read_text(encoding="utf-8")).group(1)
        assert "/workers/search-lazy.js?material=search." in config, page
    workers = built_site / "assets" / "javascripts" / "workers"
    assert all((workers / name).exists() for name in ("search-rules.js", "material-protocol.js", "search-zh.js"))
