"""Generated tables (hooks/pages/tables_step.py): the 罚息 grid and the overdue timeline, without a full build."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import PluginError

from calculators.penalty import penalty_interest
from hooks.data.checks import read_data
from hooks.data.facts import load_registry
from hooks.pages.facts_step import fact_reference, fact_step, sources_step
from hooks.pages.markers import Marker
from hooks.pages.page import PageContext
from hooks.pages.penalty_table import PENALTY_SCENARIOS, load_penalty_scenarios, render_penalty_scenarios
from hooks.pages.tables_step import tables_step
from hooks.pages.timeline_table import TIMELINES, load_timelines

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = load_registry(ROOT / "data" / "facts")
CENT = Decimal("0.01")


def context(line_offset: int = 0) -> PageContext:
    return PageContext(
        source="guides/x.md", meta={"reviewed": dt.date(2026, 11, 24)}, registry=REGISTRY, line_offset=line_offset
    )


class Elements(HTMLParser):
    """Every element with its attributes and its text, and the timeline stage it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, Any]] = []
        self.open: list[dict[str, Any]] = []
        self.stage: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, **{k: v or "" for k, v in attrs}, "text": "", "stage": self.stage}
        if "data-stage" in element:
            self.stage = element["stage"] = element["data-stage"]
        self.found.append(element)
        self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            element = self.open.pop()
            if element["tag"] == "li" and "data-stage" in element:
                self.stage = None
            if element["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element["text"] += data


def elements(markup: str) -> list[dict[str, Any]]:
    parser = Elements()
    parser.feed(markup)
    return parser.found


def write(tmp_path: Path, name: str, document: Any) -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else yaml.safe_dump(document, allow_unicode=True), "utf-8")
    return path


# ---- the penalty table -----------------------------------------------------------------


def test_every_cell_equals_penalty_interest_and_the_arithmetic_written_out() -> None:
    page = context()
    out = tables_step("<!-- table:penalty_scenarios -->", page)
    cells = [e for e in elements(out) if e["tag"] == "td" and "data-value" in e]
    data = yaml.safe_load(PENALTY_SCENARIOS.read_text("utf-8"))
    assert len(cells) == len(data["scenarios"]) * len(data["principals"]) * len(data["days"])
    markup = Decimal(data["markup"]["percent"]) / 100
    for cell in cells:
        principal, rate = Decimal(cell["data-principal"]), Decimal(cell["data-daily-rate"])
        days = int(cell["data-days"])
        # principal × (daily rate in percent ÷ 100) × (1 + markup) × days, rounded half-up to the fen
        expected = (principal * rate / 100 * (1 + markup) * days).quantize(CENT, rounding=ROUND_HALF_UP)
        assert Decimal(cell["data-value"]) == expected == penalty_interest(principal, rate / 100, days, markup)
        assert cell["text"] == f"{expected:,.2f}"
    by_inputs = {(c["data-principal"], c["data-daily-rate"], c["data-days"]): c["text"] for c in cells}
    # 10,000 × 0.0005 × 1.5 × 30 = 225.00 (the example in the domain brief)
    assert by_inputs[("10000", "0.05", "30")] == "225.00"
    # 50,000 × 0.0005 × 1.5 × 90 = 3,375.00: thousands separators on the page
    assert by_inputs[("50000", "0.05", "90")] == "3,375.00"


def test_the_table_states_its_assumptions_and_cites_the_markup_fact() -> None:
    page = context()
    out = tables_step("<!-- table:penalty_scenarios -->", page)
    assert 'data-fact="penalty_markup_range"' in out and "30%～50%" in out
    assert "上浮比例假设为 50%" in out and "四舍五入到分" in out and "以合同和官方渠道为准" in out
    # The markup range (银发〔2003〕251号) and the 24 % line a court may cut to (法发〔2017〕22号), both cited.
    assert 'data-fact="court_reduction_line"' in out and "请求法院调减" in out
    assert page.cited == {
        "pboc_2003_251": REGISTRY.facts["penalty_markup_range"].checked,
        "spc_2017_22": REGISTRY.facts["court_reduction_line"].checked,
    }
    assert 'id="source-pboc_2003_251"' in sources_step(out, page)


def test_a_half_fen_rounds_up_in_a_table_built_from_another_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "penalty_scenarios.yml",
        {"markup": {"percent": "50", "fact": "penalty_markup_range"}, "scenarios": [{"daily_rate": "0.01"}],
         "principals": ["100"], "days": [1, 3]},
    )
    marker = Marker("table", "penalty_scenarios", {}, 1, "guides/x.md")
    cells = [e for e in elements(render_penalty_scenarios(marker, context(), path)) if "data-value" in e]
    # 100 × 0.0001 × 1.5 × 1 = 0.015 → 0.02; × 3 = 0.045 → 0.05 (ROUND_HALF_UP, not banker's rounding)
    assert [c["text"] for c in cells] == ["0.02", "0.05"]


VALID: dict[str, Any] = {
    "markup": {"percent": "50", "fact": "penalty_markup_range"},
    "scenarios": [{"daily_rate": "0.02"}, {"daily_rate": "0.05"}],
    "principals": [5000, "10000"],
    "days": [7, 30],
}


def changed(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    document = yaml.safe_load(yaml.safe_dump(VALID))
    target = document
    for part in path[:-1]:
        target = target[part]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("scenarios", 1, "daily_rate"), "abc", r"scenarios\[1\]\.daily_rate: expected a percent like 0\.05"),
        (("scenarios", 1, "daily_rate"), 0.05, r"scenarios\[1\]\.daily_rate: expected a percent like 0\.05 in quotes"),
        (("scenarios", 1, "daily_rate"), "0.5", r"scenarios\[1\]\.daily_rate: expected a percent like 0\.05 \(.*0\.1"),
        (("scenarios", 0), {"daily_rate": "0.02", "markup": "30"}, r"scenarios\[0\]\.markup: unknown key"),
        (("principals", 0), -5, r"principals\[0\]: expected an amount in yuan"),
        (("days", 1), 1.5, r"days\[1\]: expected whole days like 30 in quotes"),
        (("days", 1), 7, r"days: each value may appear once"),
        (("days",), [], r"days: expected a non-empty list"),
        (("days",), KeyError, r"days: missing"),
        (("markup", "percent"), "fifty", r"markup\.percent: expected a percent like 50"),
        (("markup", "fact"), "nope", r"markup\.fact: unknown fact key 'nope'"),
        (("extra",), 1, r"extra: unknown key"),
    ],
)
def test_bad_scenarios_name_the_file_and_the_key(
    tmp_path: Path, path: tuple[Any, ...], value: Any, message: str
) -> None:
    bad = write(tmp_path, "penalty_scenarios.yml", changed(path, value))
    with pytest.raises(PluginError, match=r"penalty_scenarios\.yml: " + message):
        load_penalty_scenarios(bad, REGISTRY)


def test_the_valid_document_loads_so_each_failure_above_is_the_change_alone(tmp_path: Path) -> None:
    table = load_penalty_scenarios(write(tmp_path, "penalty_scenarios.yml", VALID), REGISTRY)
    assert table.daily_rates == (Decimal("0.02"), Decimal("0.05")) and table.days == (7, 30)


def test_broken_yaml_and_paths_inside_the_repository_are_named(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match=r"penalty_scenarios\.yml: not valid YAML"):
        load_penalty_scenarios(write(tmp_path, "penalty_scenarios.yml", "scenarios: [\n"), REGISTRY)
    assert read_data(PENALTY_SCENARIOS)[1].file == "data/penalty_scenarios.yml"
    assert read_data(TIMELINES)[1].file == "data/timeline.yml"


# ---- markers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("a\n\n<!-- table:nosuch -->", 0, r"guides/x\.md:3: <!-- table:nosuch -->: unknown table; known: penalty_"),
        # line_offset: the page's front matter counts, so the line is the file's line
        ("<!-- timeline:nosuch -->", 4, r"guides/x\.md:5: <!-- timeline:nosuch -->: unknown timeline; .* overdue"),
        ("\n<!-- table:penalty_scenarios rows=3 -->", 0, r"guides/x\.md:2: .*takes no options, got rows"),
        ("<!-- timeline:overdue since=2020 -->", 0, r"guides/x\.md:1: .*takes no options, got since"),
    ],
)
def test_unknown_markers_and_options_fail_with_file_and_line(text: str, offset: int, message: str) -> None:
    with pytest.raises(PluginError, match=message):
        tables_step(text, context(offset))


def test_a_page_without_these_markers_is_returned_unchanged() -> None:
    text = "正文 <!-- fact:penalty_markup_range --> <!-- calc:penalty --> <!-- 注释 -->"
    page = context()
    assert tables_step(text, page) == text and page.cited == {}


# ---- the timeline ---------------------------------------------------------------------------


def test_the_timeline_renders_every_stage_and_cites_its_facts() -> None:
    stages = yaml.safe_load(TIMELINES.read_text("utf-8"))["overdue"]
    page = context()
    out = tables_step("前文\n\n<!-- timeline:overdue -->\n\n后文", page)
    assert out.startswith("前文\n\n") and out.endswith("\n\n后文") and "<!--" not in out
    found = elements(out)
    rendered = [e for e in found if e["tag"] == "li" and "data-stage" in e]
    assert [e["data-stage"] for e in rendered] == [str(i) for i in range(1, len(stages) + 1)]
    for number, (stage, item) in enumerate(zip(stages, rendered), start=1):
        for field in ("when", "what", "trigger"):
            assert " ".join(stage[field].split()) in " ".join(item["text"].split())
        cited = [e["data-fact"] for e in found if e.get("stage") == str(number) and "data-fact" in e]
        assert cited == [ref["fact"] for ref in stage["facts"]]
    sources = {REGISTRY.facts[ref["fact"]].source for stage in stages for ref in stage["facts"]}
    assert set(page.cited) == sources
    listed = sources_step(out, page)
    assert all(f'id="source-{key}"' in listed for key in sources)


def test_a_timeline_fact_renders_exactly_as_a_fact_marker_does() -> None:
    first = yaml.safe_load(TIMELINES.read_text("utf-8"))["overdue"][0]["facts"][0]["fact"]
    marker_html = fact_step(f"<!-- fact:{first} -->", context())
    assert marker_html in tables_step("<!-- timeline:overdue -->", context())
    assert fact_reference(REGISTRY.facts[first], context()) == marker_html


STAGE: dict[str, Any] = {
    "when": "还款日",
    "what": "发生的事",
    "trigger": "前提",
    "facts": [{"fact": "penalty_markup_range"}],
}


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        ({k: v for k, v in STAGE.items() if k != "trigger"}, r"overdue\[1\]\.trigger: missing"),
        ({**STAGE, "facts": []}, r"overdue\[1\]\.facts: expected a non-empty list"),
        ({**STAGE, "facts": [{"fact": "nope"}]}, r"overdue\[1\]\.facts\[0\]\.fact: unknown fact key 'nope'"),
        ({**STAGE, "facts": [{"fact": "penalty_markup_range", "note": "x"}]}, r"overdue\[1\]\.facts\[0\]\.note: unkn"),
        ({**STAGE, "what": "逾期 90 天后"}, r"overdue\[1\]\.what: figures belong in facts"),
        ({**STAGE, "what": "逾期九十天后"}, r"overdue\[1\]\.what: figures belong in facts"),  # Chinese numerals too
        ({**STAGE, "when": ""}, r"overdue\[1\]\.when: expected a non-empty text"),
    ],
)
def test_bad_timelines_name_the_file_and_the_key(tmp_path: Path, stage: dict[str, Any], message: str) -> None:
    bad = write(tmp_path, "timeline.yml", {"overdue": [STAGE, stage]})
    with pytest.raises(PluginError, match=r"timeline\.yml: " + message):
        load_timelines(bad, REGISTRY)
    valid = load_timelines(write(tmp_path, "ok.yml", {"overdue": [STAGE, STAGE]}), REGISTRY)
    assert valid["overdue"][1].when == "还款日"  # the same file without the bad stage loads
