"""`<!-- triage:crisis -->` and `<!-- triage:rules -->`: the triage data as plain text at build, facts cited."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from calculators.triage import rules
from hooks.data.facts import load_registry
from hooks.pages.page import PageContext
from hooks.pages.triage_step import triage_step

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = load_registry(ROOT / "data" / "facts")


def context() -> PageContext:
    return PageContext(source="calculators/triage.md", meta={"reviewed": dt.date(2026, 11, 25)}, registry=REGISTRY)


def test_the_text_is_unchanged_without_the_marker() -> None:
    assert triage_step("# 标题？\n\n正文。\n", context()) == "# 标题？\n\n正文。\n"


def test_the_crisis_block_has_tel_links_and_cites_the_hours() -> None:
    page = context()
    out = triage_step("前文\n\n<!-- triage:crisis -->\n", page)
    assert out != "前文\n\n<!-- triage:crisis -->\n"
    for number in ("12356", "120", "110"):
        assert f'<a href="tel:{number}">{number}</a>' in out
    assert re.findall(r'<a href="tel:(\d+)">', out) == ["120", "12356", "110"]  # the emergency line first
    assert 'data-fact="hotline_12356_hours"' in out
    assert "people_2024_12356" in page.cited


def test_the_rules_list_every_action_in_order_with_its_condition_and_facts() -> None:
    page = context()
    out = triage_step("<!-- triage:rules -->", page)
    assert re.findall(r'data-rule="([a-z_]+)"', out) == [action.key for action in rules().actions]
    assert "什么时候：有没有收到法院的东西：“收到自称法院的短信、电话或链接”" in out
    assert 'data-fact="hotline_12368"' in out and 'data-fact="payment_order_deadline"' in out
    assert "什么时候：有没有收到法院的东西：“收到执行通知书、报告财产令或限制消费令”" in out
    # the new facts (data/facts/triage.yml) are cited with their sources, not typed
    assert 'data-fact="civil_code_art1064_joint_debt"' in out and 'data-fact="enforcement_settlement"' in out
    assert {"npc_civil_code", "spc_2018_enforcement_settlement", "people_2024_online_court"} <= set(page.cited)
    assert "{" not in out  # every placeholder became a fact


def test_an_unknown_block_fails_with_the_page_and_line() -> None:
    with pytest.raises(PluginError, match=r"calculators/triage.md:3: <!-- triage:everything -->"):
        triage_step("a\n\n<!-- triage:everything -->", context())
