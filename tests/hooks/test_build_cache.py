"""The build cache (hooks/build_cache.py) and the fast YAML parser (hooks/data/facts.py): faster, same results."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
import yaml
from mkdocs.exceptions import PluginError

import hashlib
import os

from hooks import build_cache
from hooks.build_cache import TemplateCache, cached, cached_map, file_sha256
from hooks.data.facts import UniqueKeyLoader, load_registry, load_yaml, safe_load

ROOT = Path(__file__).resolve().parents[2]


class Counter:
    """compute() for cached(): counts its calls, returns a value built from its argument."""

    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def test_a_second_call_with_the_same_inputs_reads_the_entry(tmp_path: Path) -> None:
    first = Counter({"征": "zheng"})
    assert cached("table", ["pypinyin==1", b"data"], first, tmp_path) == {"征": "zheng"}
    second = Counter({"征": "wrong: must not be computed"})
    assert cached("table", ["pypinyin==1", b"data"], second, tmp_path) == {"征": "zheng"}
    assert (first.calls, second.calls) == (1, 0)
    assert len(entries(tmp_path)) == 1


@pytest.mark.parametrize("changed", [["pypinyin==2", b"data"], ["pypinyin==1", b"data!"], ["pypinyin==1data"]])
def test_any_changed_input_computes_again(tmp_path: Path, changed: list) -> None:
    cached("table", ["pypinyin==1", b"data"], Counter(["old"]), tmp_path)
    again = Counter(["new"])
    # ["pypinyin==1data"] holds the same bytes as the two inputs joined: inputs are length-prefixed, so it differs.
    assert cached("table", changed, again, tmp_path) == ["new"]
    assert again.calls == 1
    assert len(entries(tmp_path)) == 1  # the entry of the old inputs is gone: it could never be read again


def test_a_changed_input_file_gives_a_new_result(tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("征信\n", encoding="utf-8")
    folder = tmp_path / "cache"

    def count_lines() -> int:
        return len(source.read_text(encoding="utf-8").splitlines())

    assert cached("lines", [source.read_bytes()], count_lines, folder) == 1
    source.write_text("征信\n罚息\n", encoding="utf-8")
    assert cached("lines", [source.read_bytes()], count_lines, folder) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: text.replace('"zheng"', '"zhang"'),  # valid JSON, wrong value: the checksum catches it
        lambda text: "",  # empty
        lambda text: "not json at all",
    ],
)
def test_a_corrupt_entry_is_recomputed_and_rewritten(tmp_path: Path, damage) -> None:
    cached("table", ["v1"], Counter({"征": "zheng"}), tmp_path)
    [entry] = entries(tmp_path)
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    again = Counter({"征": "zheng"})
    assert cached("table", ["v1"], again, tmp_path) == {"征": "zheng"}
    assert again.calls == 1
    third = Counter(None)
    assert cached("table", ["v1"], third, tmp_path) == {"征": "zheng"} and third.calls == 0  # rewritten intact


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    compute = Counter([1, 2])
    assert cached("table", ["v1"], compute, blocked / "cache") == [1, 2]
    assert cached("table", ["v1"], compute, blocked / "cache") == [1, 2]
    assert compute.calls == 2


def test_a_growing_map_computes_only_the_keys_it_lacks(tmp_path: Path) -> None:
    asked: list[str] = []

    def reading(char: str) -> list[str]:
        asked.append(char)
        return [f"r{ord(char)}"]

    assert cached_map("r", ["v1"], {"征", "信"}, reading, tmp_path) == {"征": ["r24449"], "信": ["r20449"]}
    assert cached_map("r", ["v1"], {"信", "贷"}, reading, tmp_path) == {"信": ["r20449"], "贷": ["r36151"]}
    assert sorted(asked) == sorted(["征", "信", "贷"])  # 信 the second time came from the entry
    assert cached_map("r", ["v2"], {"信"}, reading, tmp_path) == {"信": ["r20449"]}  # new inputs: computed again
    assert asked.count("信") == 2 and len(entries(tmp_path)) == 1
    [entry] = entries(tmp_path)
    entry.write_text(entry.read_text(encoding="utf-8").replace("r20449", "wrong"), encoding="utf-8")  # corrupt
    assert cached_map("r", ["v2"], {"信"}, reading, tmp_path) == {"信": ["r20449"]}
    assert asked.count("信") == 3


def test_the_search_tables_use_the_cache_and_match_a_fresh_computation(tmp_path: Path, monkeypatch) -> None:
    """Cold (empty cache) and warm give the same tables; the warm one does not run pypinyin."""
    from hooks.search import tables as search_tables

    monkeypatch.setattr(search_tables, "cached", lambda name, inputs, compute: cached(name, inputs, compute, tmp_path))
    monkeypatch.setattr(
        search_tables, "cached_map", lambda name, inputs, keys, one: cached_map(name, inputs, keys, one, tmp_path)
    )
    monkeypatch.setattr(search_tables, "_RAW_READINGS", {})
    monkeypatch.setattr(search_tables, "_WORD_READINGS", {})
    search_tables._folded_readings.cache_clear()
    try:
        keep = {"征", "信", "还", "贷"}
        cold = (search_tables.traditional_table(keep), search_tables.pinyin_table(keep),
                search_tables.vocabulary_pinyin({"征信", "还款"}))
        assert {path.name.rsplit("-", 1)[0] for path in entries(tmp_path)} == {
            "opencc-t2s", "pypinyin-readings", "pypinyin-word-readings"}
        monkeypatch.setattr(search_tables, "_RAW_READINGS", {})
        monkeypatch.setattr(search_tables, "_WORD_READINGS", {})
        search_tables._folded_readings.cache_clear()
        monkeypatch.setattr(search_tables, "raw_readings", lambda char: pytest.fail("warm: pypinyin must not run"))
        monkeypatch.setattr(search_tables, "raw_word_reading", lambda word: pytest.fail("warm: pypinyin must not run"))
        warm = (search_tables.traditional_table(keep), search_tables.pinyin_table(keep),
                search_tables.vocabulary_pinyin({"征信", "还款"}))
        assert warm == cold
        assert cold[0]["徵"] == "征" and cold[0]["還"] == "还"  # OpenCC's own t2s, not copied from the output
        assert "征信" in cold[2]["zen xin"]  # 征 zheng → zen (zh/z folded), 信 xin
    finally:
        search_tables._folded_readings.cache_clear()


# ------------------------------------------------------------------------------ libyaml and the pure parser


DATA_FILES = sorted((ROOT / "data").rglob("*.yml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_libyaml_reads_every_data_file_as_the_pure_parser_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    assert safe_load(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    [
        "facts:\n  a: 1\n  a: 2\n",  # a duplicate key (our constructor)
        "facts: [unclosed\n",  # a syntax error
        "facts:\n\t- tab\n",  # a tab where YAML allows none
    ],
)
def test_a_bad_file_fails_with_the_pure_parsers_words(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    with pytest.raises(yaml.YAMLError) as ours:
        load_yaml(text)
    assert str(ours.value) == str(pure.value)
    assert "^" in str(ours.value)  # the pure parser quotes the line and points at the column


def test_a_duplicate_key_in_a_facts_file_names_both_lines(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text("facts:\n  a: {}\n  a: {}\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"data/facts/x.yml: not valid YAML: .*key 'a' is written twice \(lines 2 and 3\)"):
        load_registry(tmp_path)


def test_the_registry_read_again_is_the_same_until_a_file_changes(tmp_path: Path) -> None:
    entry = "sources:\n  s:\n    title: t\n    publisher: p\n    url: https://example.org/\n    published: undated\n    class: other\n"
    (tmp_path / "a.yml").write_text(entry + "facts:\n  f:\n    value: 一\n    source: s\n    checked: 2026-01-01\n", encoding="utf-8")
    first = load_registry(tmp_path)
    assert load_registry(tmp_path) is first  # same bytes: not parsed again
    (tmp_path / "a.yml").write_text(entry + "facts:\n  f:\n    value: 二\n    source: s\n    checked: 2026-01-01\n", encoding="utf-8")
    assert load_registry(tmp_path).facts["f"].value == "二"
    (tmp_path / "b.yml").write_text("facts:\n  f:\n    value: 三\n    source: s\n    checked: 2026-01-01\n", encoding="utf-8")
    with pytest.raises(PluginError, match="duplicate fact key"):  # a new file is read and checked too
        load_registry(tmp_path)


# ------------------------------------------------------------------------------ compiled templates


def template_env(templates: Path, cache: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates), bytecode_cache=TemplateCache(cache))


def compile_forbidden(env: jinja2.Environment, monkeypatch) -> None:
    monkeypatch.setattr(env, "compile", lambda *args, **kwargs: pytest.fail("compiled although the cache holds it"))


def test_a_template_is_compiled_once_then_read_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "t.html").write_text("<b>{{ word }}</b>", encoding="utf-8")
    assert template_env(tmp_path, tmp_path / "cache").get_template("t.html").render(word="罚息") == "<b>罚息</b>"
    warm = template_env(tmp_path, tmp_path / "cache")
    compile_forbidden(warm, monkeypatch)
    assert warm.get_template("t.html").render(word="罚息") == "<b>罚息</b>"


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text("<b>{{ word }}</b>", encoding="utf-8")
    template_env(tmp_path, tmp_path / "cache").get_template("t.html")
    (tmp_path / "t.html").write_text("<i>{{ word }}</i>", encoding="utf-8")
    assert template_env(tmp_path, tmp_path / "cache").get_template("t.html").render(word="罚息") == "<i>罚息</i>"


def test_a_corrupt_compiled_template_is_compiled_again(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text("<b>{{ word }}</b>", encoding="utf-8")
    template_env(tmp_path, tmp_path / "cache").get_template("t.html")
    [entry] = (tmp_path / "cache").glob("*.bin")
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0xFF  # one flipped byte inside the compiled code
    entry.write_bytes(bytes(data))
    compiled = []
    env = template_env(tmp_path, tmp_path / "cache")
    original = env.compile
    env.compile = lambda *args, **kwargs: compiled.append(1) or original(*args, **kwargs)
    assert env.get_template("t.html").render(word="罚息") == "<b>罚息</b>"
    assert compiled == [1]


def test_the_common_characters_are_as_many_as_asked_for() -> None:
    from hooks.search.tables import COMMON_CHARACTERS, common_characters

    assert len(common_characters()) == COMMON_CHARACTERS  # jieba's dictionary holds far more Han characters


def age(path: Path, seconds: int) -> None:
    """Set a file's modification time `seconds` in the past (older than the racy window)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 1_000_000_000))


def test_a_file_hash_is_remembered_while_the_file_is_unchanged(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "runtime.wasm"
    data.write_bytes(b"\0asm" * 1000)
    age(data, 60)
    expected = hashlib.sha256(b"\0asm" * 1000).hexdigest()
    assert file_sha256(data, tmp_path / "cache") == expected
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    assert file_sha256(data, tmp_path / "cache") == expected
    assert data not in opened, "an unchanged file is not read again"


def test_a_file_written_again_is_hashed_again_even_with_the_same_size(tmp_path: Path) -> None:
    data = tmp_path / "snapshot.bin"
    data.write_bytes(b"one")
    age(data, 60)
    assert file_sha256(data, tmp_path / "cache") == hashlib.sha256(b"one").hexdigest()
    data.write_bytes(b"two")  # same size, new time
    age(data, 30)
    assert file_sha256(data, tmp_path / "cache") == hashlib.sha256(b"two").hexdigest()


def test_a_file_modified_just_now_is_always_hashed_and_not_remembered(tmp_path: Path) -> None:
    data = tmp_path / "fresh.bin"
    data.write_bytes(b"one")
    assert file_sha256(data, tmp_path / "cache") == hashlib.sha256(b"one").hexdigest()
    assert not list((tmp_path / "cache").glob("sha256-*")), "a file within the racy window is not remembered"
    assert build_cache.RACY_SECONDS >= 1


def test_a_process_clock_ahead_of_the_file_system_still_sees_a_fresh_file_as_fresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as under libfaketime (make test-on-date) or on a network file system: the process's clock is months ahead
    monkeypatch.setattr(build_cache.time, "time_ns", lambda: 1_801_000_000 * 1_000_000_000)  # 2027-01-26
    data = tmp_path / "fresh.bin"
    data.write_bytes(b"one")
    assert file_sha256(data, tmp_path / "cache") == hashlib.sha256(b"one").hexdigest()
    assert not list((tmp_path / "cache").glob("sha256-*")), "a file within the racy window is not remembered"


def test_two_files_keep_their_own_entries(tmp_path: Path) -> None:
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(b"a")
    second.write_bytes(b"b")
    age(first, 60)
    age(second, 60)
    file_sha256(first, tmp_path / "cache")
    file_sha256(second, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("sha256-*"))) == 2
