"""A mistake in a data file stops the build and says where and what was expected.

Each case copies the real data/ folder, makes one mistake in a real file, and loads it the way the build
does. Every message names the file, the key and what was expected. One case runs a whole strict build to
show the error reaches `mkdocs build` and stops it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Callable

import pytest
from mkdocs.exceptions import Abort, PluginError

from hooks.data.facts import load_registry
from hooks.pages.timeline_table import load_timelines
from tests.conftest import ROOT, build_site

FIRST_FACT = re.compile(r"^facts:\n(?:  #.*\n)*(?P<entry>  (?P<key>[a-z0-9_]+):\n(?P<body>(?:    .*\n)+))", re.MULTILINE)


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


def first_fact(text: str) -> re.Match[str]:
    match = FIRST_FACT.search(text)
    assert match, "the file has a facts: section whose first entry the cases below edit"
    return match


def edit(path: Path, change: Callable[[str], str]) -> None:
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the mistake was made"
    path.write_text(after, encoding="utf-8")


def load_everything(data: Path) -> None:
    registry = load_registry(data / "facts")
    load_timelines(data / "timeline.yml", registry)


def test_the_unchanged_copy_loads_so_each_failure_below_is_the_one_mistake(tmp_path: Path) -> None:
    load_everything(copy_data(tmp_path))


def test_malformed_yaml_names_the_file_and_the_line(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    path = data / "facts" / "credit.yml"
    text = path.read_text(encoding="utf-8")
    broken_line = text[: text.index("sources:\n")].count("\n") + 2  # the line written just below "sources:"
    edit(path, lambda t: t.replace("sources:\n", "sources:\n  broken: [unclosed\n", 1))
    with pytest.raises(PluginError, match=rf"data/facts/credit\.yml: not valid YAML(.|\n)*line {broken_line}\b"):
        load_everything(data)


def test_a_missing_key_names_the_file_the_fact_and_the_field(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    path = data / "facts" / "general.yml"
    fact = first_fact(path.read_text(encoding="utf-8"))
    edit(path, lambda t: t.replace(fact["body"], re.sub(r"    checked: .*\n", "", fact["body"]), 1))
    with pytest.raises(PluginError, match=rf"general\.yml: facts\.{fact['key']}: 'checked' must be a date written YYYY-MM-DD; it is missing"):
        load_everything(data)


def test_a_wrong_type_names_the_field_the_expected_type_and_what_was_found(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    path = data / "facts" / "general.yml"
    fact = first_fact(path.read_text(encoding="utf-8"))
    edit(path, lambda t: t.replace(fact["body"], re.sub(r"    value: .*\n", "    value: [5, 年]\n", fact["body"]), 1))
    with pytest.raises(PluginError, match=rf"general\.yml: facts\.{fact['key']}: 'value' must be a non-empty text; got \[5, '年'\]"):
        load_everything(data)


def test_a_misspelt_field_is_refused_not_ignored(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    path = data / "facts" / "general.yml"
    fact = first_fact(path.read_text(encoding="utf-8"))
    edit(path, lambda t: t.replace(fact["body"], fact["body"] + "    sorce: x\n", 1))
    with pytest.raises(PluginError, match=rf"facts\.{fact['key']}: unknown field 'sorce'; expected only value, source, checked, note"):
        load_everything(data)


def test_an_unknown_fact_key_in_a_data_file_names_the_file_and_the_path(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data / "timeline.yml", lambda t: re.sub(r"- fact: [a-z0-9_]+", "- fact: no_such_fact", t, count=1))
    with pytest.raises(PluginError, match=r"timeline\.yml: overdue\[0\]\.facts\[0\]\.fact: unknown fact key 'no_such_fact'; expected a key"):
        load_everything(data)


def test_a_key_in_two_facts_files_names_both_files(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    credit = first_fact((data / "facts" / "credit.yml").read_text(encoding="utf-8"))
    edit(data / "facts" / "general.yml", lambda t: t.replace("facts:\n", "facts:\n" + credit["entry"], 1))
    # Files load in name order: credit.yml first, so general.yml holds the second definition.
    with pytest.raises(PluginError, match=rf"general\.yml: facts\.{credit['key']}: duplicate fact key \(also defined in data/facts/credit\.yml\)"):
        load_everything(data)


def test_a_key_written_twice_in_one_file_is_refused_not_overwritten(tmp_path: Path) -> None:
    """PyYAML keeps the last of two equal keys without a word; the loader refuses it with both lines."""
    data = copy_data(tmp_path)
    path = data / "facts" / "general.yml"
    fact = first_fact(path.read_text(encoding="utf-8"))
    edit(path, lambda t: t.replace(fact.group(0), fact.group(0) + fact["entry"], 1))
    with pytest.raises(PluginError, match=rf"general\.yml: not valid YAML(.|\n)*key '{fact['key']}' is written twice \(lines \d+ and \d+\)"):
        load_everything(data)


def test_a_data_mistake_stops_the_strict_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides", "hooks", "calculators", "node_modules", ".cache"):
        if (ROOT / name).exists():
            (project / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    data = copy_data(project)
    credit = first_fact((data / "facts" / "credit.yml").read_text(encoding="utf-8"))
    edit(data / "facts" / "general.yml", lambda t: t.replace("facts:\n", "facts:\n" + credit["entry"], 1))
    with pytest.raises(Abort):
        build_site(tmp_path / "site", "http://127.0.0.1:8000/", project / "mkdocs.yml")
    assert f"data/facts/general.yml: facts.{credit['key']}: duplicate fact key" in caplog.text
    assert not (tmp_path / "site" / "index.html").exists()
