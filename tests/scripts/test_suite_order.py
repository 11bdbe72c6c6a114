"""The order `make test` hands test files to its workers (tests/conftest.py): longest first, by tests/durations.json."""

from __future__ import annotations

import json
from types import SimpleNamespace

from tests.conftest import DURATIONS, file_of, longest_files_first


def items(*nodeids: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(nodeid=nodeid) for nodeid in nodeids]


def test_longer_files_go_first_and_each_file_keeps_its_own_order() -> None:
    found = items("a.py::one", "b.py::one", "a.py::two", "c.py::one", "b.py::two")
    longest_files_first(found, {"a.py": 5.0, "b.py": 50.0, "c.py": 5.0})
    assert [item.nodeid for item in found] == ["b.py::one", "b.py::two", "a.py::one", "a.py::two", "c.py::one"]


def test_a_file_not_yet_measured_goes_first() -> None:
    found = items("a.py::one", "new.py::one", "b.py::one")
    longest_files_first(found, {"a.py": 5.0, "b.py": 50.0})
    assert [item.nodeid for item in found] == ["new.py::one", "b.py::one", "a.py::one"]


def test_without_figures_the_collection_order_stands() -> None:
    found = items("b.py::one", "a.py::one", "b.py::two")
    longest_files_first(found, {})
    assert [item.nodeid for item in found] == ["b.py::one", "b.py::two", "a.py::one"]


def test_the_committed_figures_name_test_files_in_seconds() -> None:
    seconds = json.loads(DURATIONS.read_text(encoding="utf-8"))
    assert seconds and all(name.startswith("tests/") and name.endswith(".py") and value >= 0 for name, value in seconds.items())
    assert file_of("tests/site/test_a11y_browser.py::test_x[chromium-light]") == "tests/site/test_a11y_browser.py"
