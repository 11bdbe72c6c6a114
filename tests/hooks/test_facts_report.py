"""`make facts` (hooks/data/facts_report.py): sources by class and the facts still on weaker sources."""

from __future__ import annotations

import datetime as dt

from hooks.data.facts import Fact, Registry, Source
from hooks.data.facts_report import FACTS, report
from hooks.data.facts import load_registry

DAY = dt.date(2026, 11, 25)
REGISTRY = Registry(
    sources={
        "law": Source("law", "民法典", "全国人大", "https://www.npc.gov.cn/x", "2020", "primary"),
        "xinhua": Source("xinhua", "新华社电", "新华社", "https://www.news.cn/x", "2024", "official_media"),
        "seo": Source("seo", "问答", "某网站", "https://example.com/x", "2025", "other"),
        "copy": Source("copy", "条例全文", "转载站", "https://example.org/x", "2013", "reprint"),
    },
    facts={
        "a": Fact("a", "v", "law", DAY, "t.yml"),
        "b": Fact("b", "v", "xinhua", DAY, "t.yml"),
        "c": Fact("c", "v", "seo", DAY, "t.yml"),
        "d": Fact("d", "v", "copy", DAY, "t.yml"),
        "e": Fact("e", "v", "seo", DAY, "t.yml"),
    },
)


def test_every_source_is_listed_under_its_class() -> None:
    text = report(REGISTRY)
    assert "== primary (1)" in text and "== official_media (1)" in text
    assert "== reprint (1)" in text and "== other (1)" in text
    assert "law [1 facts]" in text and "seo [2 facts]" in text


def test_facts_on_reprints_and_other_sources_are_listed_and_trusted_ones_are_not() -> None:
    text = report(REGISTRY)
    behind = text.split("== Facts whose only source is not", 1)[1]
    assert "(3 of 5)" in behind  # c, d, e: a (primary) and b (official media) meet the target
    assert "seo (other): c, e" in behind and "copy (reprint): d" in behind
    assert "law" not in behind and "xinhua" not in behind


def test_the_real_registry_reports() -> None:
    text = report(load_registry(FACTS))
    assert "== primary" in text and "Facts whose only source is not" in text
