"""Scoring processing against gold labels: themes, language, duplicates."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from submissions.models import Call


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)


@dataclass
class Evaluation:
    themes: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    language: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    duplicates: Counts = field(default_factory=Counts)
    missing: list[str] = field(default_factory=list)


def evaluate_call(call: Call, gold: dict[str, dict]) -> Evaluation:
    """Compare what processing produced for ``call`` with gold labels keyed by source folder."""
    result = Evaluation()
    submissions = {
        s.source: s
        for s in call.submissions.select_related("duplicate_of").prefetch_related("tags__theme")
    }
    for source, labels in gold.items():
        submission = submissions.get(source)
        if submission is None:
            result.missing.append(source)
            continue
        language = labels.get("language", "")
        predicted = {t.theme.key for t in submission.tags.all() if t.accepted is not False}
        expected = set(labels.get("themes") or [])
        result.themes[language].add(predicted, expected)
        result.themes["all"].add(predicted, expected)
        correct = int(submission.detected_language == language)
        for key in (language, "all"):
            result.language[key][0] += correct
            result.language[key][1] += 1
        gold_original = labels.get("duplicate_of")
        found = submission.duplicate_of.source if submission.duplicate_of_id else None
        result.duplicates.add(
            {(source, found)} if found else set(), {(source, gold_original)} if gold_original else set()
        )
    return result


def format_report(result: Evaluation) -> str:
    lines = ["Theme suggestions (micro-averaged over submission × theme):",
             f"  {'language':<9}{'precision':>10}{'recall':>8}{'F1':>7}   tp  fp  fn"]
    for key in sorted(result.themes, key=lambda k: (k == "all", k)):
        c = result.themes[key]
        lines.append(f"  {key:<9}{c.precision:>10.2f}{c.recall:>8.2f}{c.f1:>7.2f}  {c.tp:>3} {c.fp:>3} {c.fn:>3}")
    lines.append("Language detection (accuracy):")
    for key in sorted(result.language, key=lambda k: (k == "all", k)):
        right, total = result.language[key]
        lines.append(f"  {key:<9}{right / total if total else 0:>10.2f}  ({right}/{total})")
    d = result.duplicates
    lines.append("Duplicate detection (pairs submission → original):")
    lines.append(
        f"  precision {d.precision:.2f}  recall {d.recall:.2f}  F1 {d.f1:.2f}  (tp {d.tp}, fp {d.fp}, fn {d.fn})"
    )
    if result.missing:
        lines.append(f"Missing from the database: {', '.join(result.missing)}")
    return "\n".join(lines)
