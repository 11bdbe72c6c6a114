"""Declarations of calculator forms: what the page shows and what the browser sends back.

A calculator module declares one Form beside the function it feeds. The build
renders it to HTML (hooks/templates/calculator.html); the browser sends the raw
strings of its fields back to the module's `run` entry point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from calculators.inputs import FieldError


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One input of a form. kind is "number" (a text box with numeric keyboard) or "select"."""

    name: str
    label: str
    default: str
    kind: str = "number"
    unit: str = ""
    help: str = ""
    options: tuple[Option, ...] = ()
    required: bool = True
    input_mode: str = "decimal"


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
class Form:
    name: str
    title: str
    fields: tuple[Field, ...]
    outputs: tuple[Output, ...]
    table_caption: str = ""
    table_columns: tuple[Column, ...] = ()
    notes: tuple[str, ...] = ()
    submit_label: str = "计算"

    def defaults(self) -> dict[str, str]:
        return {f.name: f.default for f in self.fields}


Result = dict[str, Any]


@dataclass(frozen=True)
class Calculator:
    """A form and the entry point that turns its raw strings into a JSON-ready result."""

    form: Form
    compute: Callable[[Mapping[str, str]], Result]
    examples: tuple[Mapping[str, str], ...] = field(default=())

    def run(self, raw: Mapping[str, str]) -> Result:
        """Raw form strings in; {"ok": True, "result": ...} or {"ok": False, "errors": {...}} out."""
        unknown = set(raw) - {f.name for f in self.form.fields}
        if unknown:
            return {"ok": False, "errors": {name: "未知的输入项。" for name in sorted(unknown)}}
        try:
            return {"ok": True, "result": self.compute(raw)}
        except FieldErrors as exc:
            return {"ok": False, "errors": dict(exc.errors)}


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
    if errors:
        raise FieldErrors(errors)
    return values


def money_text(value: Decimal) -> str:
    """A fen-rounded amount as shown on the page: thousands separators and two decimals."""
    return f"{value:,.2f}"
