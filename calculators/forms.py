"""Declarations of calculator forms: what the page shows and what the browser sends back.

A calculator module declares one Form beside the function it feeds. The build
renders it to HTML (hooks/templates/calculator.html) with the defaults already
computed; the browser sends the raw strings of its fields back to `Calculator.run`.

What is posted (the README's DOM contract):
- a plain field: its name → the raw string;
- a repeating group: its name → a list of rows, each {field name: raw string};
  in the page a row's inputs are named GROUP.INDEX.FIELD (``debts.0.balance``) and
  errors for them come back under that same name;
- a comparison (a second plan): ``compare`` is "on" or "", and the second plan's
  fields are posted as ``b.FIELD``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from calculators.inputs import FieldError
from calculators.money import money_text

__all__ = [
    "Calculator",
    "Column",
    "Compare",
    "Download",
    "Field",
    "FieldErrors",
    "Form",
    "Option",
    "Output",
    "Result",
    "RowGroup",
    "Slot",
    "Table",
    "collect",
    "money_text",
    "number_of",
]

NOT_SHOWN = "—"
MAX_RAW_LENGTH = 2000  # longer raw text is refused before any parsing
KINDS = ("number", "select", "radio", "text", "date")  # how a field is shown (hooks/templates/calculator.html)


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One input of a form.

    kind: "number" (a text box with a numeric keyboard), "select", "radio" (the same options as a
    select, all shown at once, one tap each: a <fieldset> whose legend is the label; the browser posts
    the checked one's value under the field's name), "text" (free text) or "date" (a text box that
    accepts 2026-03-01, 2026/3/1, 2026年3月1日).
    """

    name: str
    label: str
    default: str
    kind: str = "number"
    unit: str = ""
    help: str = ""
    options: tuple[Option, ...] = ()
    required: bool = True
    input_mode: str = "decimal"
    placeholder: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind in ("select", "radio") and not self.options:
            raise ValueError(f"field {self.name!r}: a {self.kind} needs options")


def rate_kind_field() -> Field:
    """The 日利率 / 年化利率 choice of every calculator that asks for a rate (values: daily | annual),
    read with calculators.money.monthly_rate and friends."""
    return Field(
        "rate_kind", "利率类型", "daily", kind="radio", options=(Option("daily", "日利率"), Option("annual", "年化利率"))
    )


@dataclass(frozen=True)
class RowGroup:
    """A repeating set of fields (one row per debt, per overdue episode…), with add and remove buttons."""

    name: str
    label: str
    fields: tuple[Field, ...]
    rows: tuple[Mapping[str, str], ...]  # the pre-filled rows of the build-time example
    item_label: str = "第 {n} 项"
    min_rows: int = 1
    max_rows: int = 10
    add_label: str = "加一项"
    remove_label: str = "删除这一项"

    def input_name(self, index: int, field_name: str) -> str:
        return f"{self.name}.{index}.{field_name}"


@dataclass(frozen=True)
class Output:
    """One headline number of the result, shown in an element with data-value=key."""

    key: str
    label: str
    unit: str = "元"
    emphasis: bool = False


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Table:
    """A table of rows from result["tables"][key]; its first column stays visible while the rest scrolls."""

    key: str
    caption: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Slot:
    """A place for an HTML fragment made by the calculator (a chart, a message, a list of actions)."""

    key: str
    label: str = ""


@dataclass(frozen=True)
class Download:
    """A link that downloads text the calculator made (an .ics calendar), built in the browser."""

    key: str
    label: str
    filename: str


@dataclass(frozen=True)
class Compare:
    """A second plan beside the first: the same fields again, posted as b.FIELD, and a comparison row."""

    toggle_label: str
    title: str
    outputs: tuple[Output, ...]  # the difference outputs, keys such as diff_total_cost
    combine: Callable[[Mapping[str, str], Mapping[str, str]], dict[str, str]]  # (values A, values B) → diffs
    shown: tuple[str, ...]  # which outputs of the plan are repeated for plan B
    defaults: Mapping[str, str] = field(default_factory=dict)  # plan B's defaults that differ from plan A's
    prefix: str = "b."


@dataclass(frozen=True)
class Form:
    name: str
    title: str
    fields: tuple[Field, ...]
    outputs: tuple[Output, ...]
    groups: tuple[RowGroup, ...] = ()
    tables: tuple[Table, ...] = ()
    slots: tuple[Slot, ...] = ()
    downloads: tuple[Download, ...] = ()
    notes: tuple[str, ...] = ()
    method: tuple[str, ...] = ()  # the 计算方法 panel: formula in words, rounding rule
    source: str = ""  # repository path of the module, linked from the 计算方法 panel
    tests: str = ""  # repository path of its tests
    compare: Compare | None = None
    submit_label: str = "计算"

    def defaults(self) -> dict[str, Any]:
        """What the page posts before the reader changes anything: the build-time example."""
        values: dict[str, Any] = {f.name: f.default for f in self.fields}
        for group in self.groups:
            values[group.name] = [dict(row) for row in group.rows]
        if self.compare is not None:
            values["compare"] = ""
            values.update(self.compare_defaults())
        return values

    def compare_defaults(self) -> dict[str, str]:
        assert self.compare is not None
        return {
            self.compare.prefix + f.name: self.compare.defaults.get(f.name, f.default) for f in self.fields
        }

    def group(self, name: str) -> RowGroup | None:
        return next((group for group in self.groups if group.name == name), None)


Result = dict[str, Any]
Raw = Mapping[str, Any]


class FieldErrors(Exception):
    """All the field errors of one submission, so the reader sees every problem at once."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def collect(parsers: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run each field's parser; gather every FieldError instead of stopping at the first."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, parse in parsers.items():
        try:
            values[name] = parse()
        except FieldError as exc:
            errors[exc.field] = exc.message
        except FieldErrors as exc:
            errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)
    return values


def number_of(shown: str) -> Decimal:
    """The number behind a value as shown on the page ("10,225.00" → 10225.00)."""
    return Decimal(shown.replace(",", ""))


def _shape_errors(form: Form, raw: Raw) -> dict[str, str]:
    """What is wrong with the shape of a submission before any field is parsed."""
    plain = {f.name for f in form.fields}
    if form.compare is not None:
        plain |= {"compare"} | {form.compare.prefix + f.name for f in form.fields}
    errors: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            return {"": "表单数据格式不对。"}
        group = form.group(key)
        if group is not None:
            if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
                errors[key] = "表单数据格式不对。"
            elif not group.min_rows <= len(value) <= group.max_rows:
                errors[key] = f"{group.label}要填 {group.min_rows} 到 {group.max_rows} 项。"
            else:
                names = {f.name for f in group.fields}
                for index, row in enumerate(value):
                    for name, text in row.items():
                        if name not in names:
                            errors[group.input_name(index, str(name))] = "未知的输入项。"
                        elif not isinstance(text, str):
                            errors[group.input_name(index, name)] = "表单数据格式不对。"
                        elif len(text) > MAX_RAW_LENGTH:
                            errors[group.input_name(index, name)] = "输入太长了。"
        elif key not in plain:
            errors[key] = "未知的输入项。"
        elif not isinstance(value, str):
            errors[key] = "表单数据格式不对。"
        elif len(value) > MAX_RAW_LENGTH:
            errors[key] = "输入太长了。"
    return errors


def _complete(result: Result) -> Result:
    """Every result has the same four parts, so the page and the browser treat all calculators alike."""
    return {
        "values": dict(result.get("values", {})),
        "tables": dict(result.get("tables", {})),
        "html": dict(result.get("html", {})),
        "downloads": dict(result.get("downloads", {})),
    }


@dataclass(frozen=True)
class Calculator:
    """A form and the entry point that turns its raw strings into a JSON-ready result."""

    form: Form
    compute: Callable[[Raw], Result]
    examples: tuple[Mapping[str, Any], ...] = field(default=())
    # A calculator whose answer depends on today's date takes it here instead: `compute_on(raw, today)`.
    compute_on: Callable[[Raw, dt.date], Result] | None = None

    def run(self, raw: Raw, today: dt.date | None = None) -> Result:
        """Raw form values in; {"ok": True, "result": ...} or {"ok": False, "errors": {...}} out.

        `today` is the reader's local date (the page sends it); this is the one place it enters a calculator.
        Without it (the build, a test that does not care) the machine's date is used."""
        day = today or dt.date.today()
        shape = _shape_errors(self.form, raw)
        if shape:
            return {"ok": False, "errors": shape}
        compare = self.form.compare
        comparing = compare is not None and raw.get("compare", "") == "on"
        plain = {key: value for key, value in raw.items() if key != "compare" and not self._is_second(key)}
        errors: dict[str, str] = {}
        result = second = None
        try:
            result = _complete(self._compute(plain, day))
        except FieldErrors as exc:
            errors.update(exc.errors)
        if comparing:
            assert compare is not None
            try:
                second = _complete(self._compute(self._second_plan(raw), day))
            except FieldErrors as exc:
                errors.update({compare.prefix + name: message for name, message in exc.errors.items()})
        if errors or result is None:
            return {"ok": False, "errors": errors}
        if compare is not None:
            _add_comparison(compare, result, second)
        return {"ok": True, "result": result}

    def _compute(self, raw: Raw, today: dt.date) -> Result:
        return self.compute_on(raw, today) if self.compute_on is not None else self.compute(raw)

    def _is_second(self, key: str) -> bool:
        return self.form.compare is not None and key.startswith(self.form.compare.prefix)

    def _second_plan(self, raw: Raw) -> dict[str, Any]:
        assert self.form.compare is not None
        prefix = self.form.compare.prefix
        return {key[len(prefix):]: value for key, value in raw.items() if key.startswith(prefix)}


def _add_comparison(compare: Compare, result: Result, second: Result | None) -> None:
    """Plan B's values (b.KEY) and the difference outputs; "—" while no second plan is shown."""
    if second is None:
        keys = [compare.prefix + key for key in compare.shown] + [output.key for output in compare.outputs]
        result["values"].update({key: NOT_SHOWN for key in keys})
        return
    result["values"].update(compare.combine(result["values"], second["values"]))
    result["values"].update({compare.prefix + key: second["values"][key] for key in compare.shown})
