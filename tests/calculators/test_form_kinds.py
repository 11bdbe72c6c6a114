"""How the forms ask for a choice: radios for a short list (every answer visible, one tap each, labels that wrap
at 200 % text), a select only for a long one (STYLE.md, GOV.UK's radios; issue 21 §3). And every answer a reader
can tap is one the calculator accepts: the radio's options and the parser's choices are the same list."""

from __future__ import annotations

from typing import Any

import pytest

from calculators.browser import CALCULATORS
from calculators.forms import Calculator, Field

SHORT_LIST = 6  # about six answers or fewer: radios (STYLE.md "Interface patterns")


def choice_fields() -> list[tuple[str, str | None, Field]]:
    """(calculator, group or None, field) for every field that offers options."""
    found = []
    for name, calculator in CALCULATORS.items():
        found += [(name, None, field) for field in calculator.form.fields if field.options]
        for group in calculator.form.groups:
            found += [(name, group.name, field) for field in group.fields if field.options]
    return found


CHOICES = choice_fields()


def test_there_are_choices_outside_the_triage_to_check() -> None:
    # repayment's 还款方式, penalty's 复利 / 天数 / 提前到期, debts' 逾期 / 先保住, letter's 目的 / 原因 / 做法, 利率类型
    assert len([c for c in CHOICES if c[0] != "triage"]) >= 10


@pytest.mark.parametrize("calculator, group, field", CHOICES, ids=lambda v: getattr(v, "name", v))
def test_a_short_list_is_a_radio_group_and_only_a_long_one_a_select(calculator: str, group: str | None, field: Field) -> None:
    if len(field.options) <= SHORT_LIST:
        assert field.kind == "radio", f"{calculator}.{field.name}: {len(field.options)} answers: radios"
    else:
        assert field.kind == "select", f"{calculator}.{field.name}: {len(field.options)} answers: a select"
    assert field.default in {option.value for option in field.options}, "the example's answer is one of the options"


def with_answer(calculator: Calculator, group: str | None, field: str, value: str) -> tuple[dict[str, Any], str]:
    """The form's example with one answer changed (in the first row of a group); the name an error would carry."""
    raw = calculator.form.defaults()
    if group is None:
        raw[field] = value
        return raw, field
    raw[group] = [dict(row) for row in raw[group]]
    raw[group][0][field] = value
    return raw, f"{group}.0.{field}"


@pytest.mark.parametrize("calculator, group, field", CHOICES, ids=lambda v: getattr(v, "name", v))
def test_every_answer_shown_is_accepted_and_one_not_shown_is_refused_at_the_field(calculator: str, group: str | None, field: Field) -> None:
    entry = CALCULATORS[calculator]
    for option in field.options:
        raw, name = with_answer(entry, group, field.name, option.value)
        outcome = entry.run(raw)
        # another field may now be asked for (提前到期 "yes" needs the remaining principal), never this one
        assert name not in outcome.get("errors", {}), (option, outcome)
    raw, name = with_answer(entry, group, field.name, "no-such-answer")
    assert name in entry.run(raw)["errors"]
