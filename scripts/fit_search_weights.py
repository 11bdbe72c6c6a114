"""Fit the search's page weights (data/search.yml `weights:`) on the tuning queries, with cross-validation.

    make build && .venv/bin/python scripts/fit_search_weights.py [--steps 3]

Only `tuning` queries are used: the tuning half of tests/site/search_queries.yml, tests/site/search_queries_more.yml
and the tuning halves of search_queries_fresh4.yml and search_queries_fresh5.yml. Each of those four files is one
fold. For each fold, a greedy search (one page's weight changed per step, the change that gains most, at most
--steps changes) is run on the other three files, and the weights it picks are scored on the fold left out; then the
same search runs on all four. A weight is worth adopting only if it gains on the folds it was not fitted on.

The queries are ranked by the built site's own workers in Node (tests/site/search_worker.mjs), with the weights
replaced in a copy of the site's search-rules.js; the built site itself is not changed. Score: top-1 hits plus half
the top-3 hits. Takes about 15 minutes on 2 cores (each evaluation ranks every tuning query once).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
QUERIES = ROOT / "tests" / "site"
FOLDS = ("search_queries.yml", "search_queries_more.yml", "search_queries_fresh4.yml", "search_queries_fresh5.yml")
# The pages a weight is fitted for: the hubs (summaries of every topic) and the pages that were often first wrongly.
PAGES = ("", "myths/", "faq/", "glossary/", "guides/causes/", "calculators/triage/", "guides/consequences/",
         "guides/credit/", "guides/family/", "guides/enforcement/")
VALUES = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
RULES_FILE = Path("assets/javascripts/workers/search-rules.js")
WEIGHTS = re.compile(r'"weights":\{[^}]*\}')

Weights = dict[str, float]


def tuning_queries() -> list[tuple[int, dict]]:
    """(fold number, entry) for every tuning query."""
    found = []
    for fold, name in enumerate(FOLDS):
        for entry in yaml.safe_load((QUERIES / name).read_text(encoding="utf-8")):
            if entry.get("split", "tuning") == "tuning":
                found.append((fold, entry))
    return found


class Ranker:
    """Ranks the tuning queries with given weights; remembers every evaluation."""

    def __init__(self, queries: list[dict], work: Path) -> None:
        self.queries = queries
        self.site = work / "site"
        shutil.copytree(SITE, self.site)
        self.rules = (SITE / RULES_FILE).read_text(encoding="utf-8")
        self.seen: dict[str, list[tuple[bool, bool]]] = {}

    def hits(self, weights: Weights) -> list[tuple[bool, bool]]:
        key = json.dumps(sorted(weights.items()))
        if key not in self.seen:
            rules = WEIGHTS.sub(lambda _: '"weights":' + json.dumps(weights, ensure_ascii=False), self.rules, count=1)
            (self.site / RULES_FILE).write_text(rules, encoding="utf-8")
            done = subprocess.run(
                ["node", str(QUERIES / "search_worker.mjs"), str(self.site)],
                input=json.dumps([entry["query"] for entry in self.queries]),
                capture_output=True, text=True, check=True,
            )
            found = []
            for entry, answer in zip(self.queries, json.loads(done.stdout), strict=True):
                pages = [urlparse(group[0]["location"]).path.lstrip("/") for group in answer["items"]][:3]
                found.append((bool(pages) and pages[0] in entry["pages"], bool(set(pages) & set(entry["pages"]))))
            self.seen[key] = found
        return self.seen[key]


def score(hits: list[tuple[bool, bool]], among: list[int]) -> float:
    return sum(hits[i][0] for i in among) + 0.5 * sum(hits[i][1] for i in among)


def figures(hits: list[tuple[bool, bool]]) -> str:
    return f"top-1 {sum(first for first, _ in hits)}, top-3 {sum(at_3 for _, at_3 in hits)}"


def greedy(ranker: Ranker, start: Weights, among: list[int], steps: int) -> Weights:
    weights, best = dict(start), score(ranker.hits(start), among)
    for _ in range(steps):
        move = None
        for page in PAGES:
            for value in VALUES:
                if weights.get(page, 1.0) == value:
                    continue
                tried = {**weights, page: value}
                gained = score(ranker.hits(tried), among)
                if gained > best + 0.5:  # more than one query's top-3 alone
                    best, move = gained, tried
        if move is None:
            break
        weights = move
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=3, help="weights changed at most (default 3)")
    steps = parser.parse_args().steps
    rules = yaml.safe_load((ROOT / "data" / "search.yml").read_text(encoding="utf-8"))
    current: Weights = {str(page): float(value) for page, value in (rules.get("weights") or {}).items()}
    folds_and_queries = tuning_queries()
    with tempfile.TemporaryDirectory() as work:
        ranker = Ranker([entry for _, entry in folds_and_queries], Path(work))
        start = {page: value for page, value in current.items() if page not in PAGES}  # the fitted pages start at 1
        for fold, name in enumerate(FOLDS):
            left_out = [i for i, (number, _) in enumerate(folds_and_queries) if number == fold]
            others = [i for i, (number, _) in enumerate(folds_and_queries) if number != fold]
            fitted = greedy(ranker, start, others, steps)
            before, after = ranker.hits(start), ranker.hits(fitted)
            changed = {page: value for page, value in fitted.items() if start.get(page, 1.0) != value}
            print(
                f"{name} left out: fitted on the others {changed}; on it top-1 "
                f"{sum(before[i][0] for i in left_out)} → {sum(after[i][0] for i in left_out)}, top-3 "
                f"{sum(before[i][1] for i in left_out)} → {sum(after[i][1] for i in left_out)} of {len(left_out)}",
                flush=True,
            )
        everything = list(range(len(folds_and_queries)))
        fitted = greedy(ranker, start, everything, steps)
        hits = ranker.hits(fitted)
        print(f"all {len(everything)} tuning queries: weights {fitted}; {figures(hits)}")
        print(f"now in data/search.yml: {current}; {figures(ranker.hits(current))}")
        print(f"({len(ranker.seen)} evaluations)")


if __name__ == "__main__":
    main()
