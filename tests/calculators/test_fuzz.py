"""Property-based tests of every calculator's browser entry point, `calculators.browser.run`.

The calculators are discovered from `calculators.browser.CALCULATORS` and each form's declaration
(`form.fields`, and `form.groups` where a form has repeating rows), so a calculator added later is
fuzzed with no edit here. Whatever a reader types, and whatever JSON reaches the worker, the answer is
JSON with either a result whose every leaf is finite text, or field errors written in Chinese.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.browser import CALCULATORS, run

NAMES = sorted(CALCULATORS)
CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_FINITE = re.compile(r"\b(nan|inf|infinity|snan)\b", re.IGNORECASE)

# What readers and attackers type: full-width digits and punctuation, Chinese numerals, units, mixed scripts,
# emoji, control characters, float spellings Python would accept, HTML, and very long strings.
NASTY = (
    "", " ", "0", "-0", "+0", "0.0", "00000", "1e309", "-1e309", "1e-400", "NaN", "nan", "-NaN", "sNaN", "Infinity",
    "-inf", "0x10", "0b101", "0o17", "1_000", "１，０００.５", "１０００", "１０，０００。", "一万", "壹仟", "五十",
    "٣٤٥", "१२३", "10000元", "1.5万", "1.5万元", "50%", "30天", "30 天", "10,00", "1,000,000.005", "..", "1..2",
    "1.2.3", "−5", "－5", "+5", "5-", "\u200b5", "5\u200b", "5\x00", "\x00", "\t\n\r", "\x1b[31m", "\u202e1234",
    "\ufeff10", "😀", "10😀", "🔟", "Ⅻ", "½", "²", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "\"; DROP TABLE x; --", "{{7*7}}", "${7*7}", "%s%n", "9" * 400, "1" + "0" * 5000, "0." + "0" * 5000 + "1",
    "1" * 100_000, "万" * 1000, "🙂" * 2000, "2026-03-01", "2026年3月1日", "２０２６/３/１", "daily", "annual", "yes",
)
digits = st.text(alphabet="0123456789０１２３４５６７８９.,，。．-+eE万元%天 ", max_size=30)
anything = st.text(max_size=60)


def field_value(field: Any) -> st.SearchStrategy[str]:
    choices = [st.sampled_from(NASTY), digits, anything, st.just(field.default)]
    if getattr(field, "options", ()):
        choices.append(st.sampled_from([option.value for option in field.options]))
    return st.one_of(*choices)


def form_values(fields: tuple[Any, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """Every declared field with a drawn value, some left out, some unknown names added."""
    return st.fixed_dictionaries(
        {},
        optional={field.name: field_value(field) for field in fields},
    ).flatmap(
        lambda drawn: st.dictionaries(st.text(max_size=12), anything, max_size=2).map(lambda extra: {**extra, **drawn})
    )


def raw_form(calculator: Any) -> st.SearchStrategy[dict[str, Any]]:
    form = calculator.form
    strategy = form_values(form.fields)
    for group in getattr(form, "groups", ()):
        rows = st.lists(form_values(group.fields), max_size=getattr(group, "max_rows", 10) + 2)
        strategy = st.tuples(strategy, rows).map(lambda pair, name=group.name: {**pair[0], name: pair[1]})
    return strategy


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | anything,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(anything, children, max_size=4),
    max_leaves=20,
)


def leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item)]
    return [value]


def reject_constant(name: str) -> None:
    raise AssertionError(f"the output JSON contains {name}")


def check(name: str, fields_json: str) -> dict[str, Any]:
    text = run(name, fields_json)
    assert isinstance(text, str)
    outcome = json.loads(text, parse_constant=reject_constant)
    assert isinstance(outcome, dict) and isinstance(outcome.get("ok"), bool), outcome
    if outcome["ok"]:
        assert set(outcome) == {"ok", "result"}
        for leaf in leaves(outcome["result"]):
            assert isinstance(leaf, str), f"a result leaf is not text: {leaf!r}"
            assert not NOT_FINITE.search(leaf), f"a result shows {leaf!r}"
            if isinstance(leaf, float):
                assert math.isfinite(leaf)
    else:
        assert set(outcome) == {"ok", "errors"}
        errors = outcome["errors"]
        assert isinstance(errors, dict) and errors, outcome
        for key, message in errors.items():
            assert isinstance(key, str)
            assert isinstance(message, str) and CJK.search(message), f"error for {key!r} is not in Chinese: {message!r}"
    return outcome


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_any_typed_text_gives_a_result_or_chinese_field_errors(name: str, data: st.DataObject) -> None:
    raw = data.draw(raw_form(CALCULATORS[name]))
    outcome = check(name, json.dumps(raw))
    if not outcome["ok"]:
        known = {f.name for f in CALCULATORS[name].form.fields} | {g.name for g in getattr(CALCULATORS[name].form, "groups", ())}
        for key in outcome["errors"]:
            # An error names a field, a row's field (GROUP.INDEX.FIELD), a key the form does not know, or the form ("").
            assert key == "" or key.split(".")[0] in known or key in raw, key


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(value=json_values)
def test_any_json_shape_gives_a_result_or_chinese_errors(name: str, value: Any) -> None:
    check(name, json.dumps(value))


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_wrong_types_in_declared_fields_are_refused_in_chinese(name: str, data: st.DataObject) -> None:
    form = CALCULATORS[name].form
    raw: dict[str, Any] = dict(form.defaults())
    field = data.draw(st.sampled_from([f.name for f in form.fields]))
    raw[field] = data.draw(json_values.filter(lambda v: not isinstance(v, str)))
    assert check(name, json.dumps(raw))["ok"] is False


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200))
def test_text_that_is_not_json_is_refused_in_chinese(name: str, text: str) -> None:
    try:
        json.loads(text)
    except ValueError:
        assert check(name, text)["ok"] is False


def test_the_registry_is_not_empty_so_the_fuzz_tests_above_ran() -> None:
    assert NAMES, "no calculator registered: every parametrized fuzz test above collected nothing"
