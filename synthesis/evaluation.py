"""Scoring processing against gold labels: themes, language, duplicates."""
from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from submissions.models import Call, Theme
from synthesis.learning import ALL_SIGNALS, LearningSignals, adapt, fit_logistic
from synthesis.tagging import FEATURES, LinearModel, SubmissionInput, call_features, keyword_evidence, suggested


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
        found = submission.duplicate_of.source if submission.duplicate_of is not None else None
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


# --- Leave-one-call-out theme evaluation (decision 0017) ------------------------------

LEARNING_FRACTIONS = (0.10, 0.25, 0.50)
BOOTSTRAP_SAMPLES = 1000
# The learning curve: random decided subsets per fraction, bootstrap resamples of the rest per draw.
LEARNING_DRAWS = 20
LEARNING_RESAMPLES = 50


@dataclass
class CallData:
    """One gold-labelled call, as the theme model sees it."""

    slug: str
    keys: list[str]
    sources: list[str]
    languages: list[str]
    gold: np.ndarray  # submissions × themes, 0/1
    features: dict[str, np.ndarray]
    sims: list[np.ndarray]
    items: list[SubmissionInput]
    # Each submission's language as the product knows it (declared, else detected), for the learner;
    # ``languages`` are the gold labels', which only group the scores.
    item_languages: list[str] = field(default_factory=list)


def load_call_data(call: Call, gold: dict[str, dict], themes: Sequence[Theme] | None = None) -> CallData:
    """Features of every gold-labelled submission of a processed call (vectors from the store).

    ``themes``: the call's themes as scoring should see them (unsaved copies for an ablation);
    the call's own by default.
    """
    from synthesis.services.suggestions import call_model, submission_input

    model = call_model(call, themes)
    keys = [p.key for p in model.profiles]
    submissions = {s.source: s for s in call.submissions.prefetch_related("attachments")}
    sources = [source for source in gold if source in submissions]
    items = [submission_input(submissions[source]) for source in sources]
    features, sims = call_features(model, items)
    # The ablation's "phrases as written": the keyword feature without stems.
    features["kw_written"] = np.stack([keyword_evidence(model, item.folded_text, stems=False)[0] for item in items])
    labels = np.array([[key in set(gold[source].get("themes") or []) for key in keys] for source in sources], float)
    return CallData(call.slug, keys, sources, [gold[s].get("language", "") for s in sources], labels,
                    features, sims, items, [submissions[s].language for s in sources])


def micro(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """(F1, precision, recall) over submission × theme pairs."""
    tp = float((predicted * gold).sum())
    fp = float((predicted * (1 - gold)).sum())
    fn = float(((1 - predicted) * gold).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return (2 * precision * recall / (precision + recall) if precision + recall else 0.0), precision, recall


def bootstrap_interval(predicted: np.ndarray, gold: np.ndarray, samples: int = BOOTSTRAP_SAMPLES,
                       seed: int = 0) -> tuple[float, float]:
    """95 % interval of micro-F1, resampling submissions with replacement."""
    if len(gold) == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    scores = [micro(predicted[i], gold[i])[0] for i in (rng.integers(0, len(gold), len(gold)) for _ in range(samples))]
    return float(np.percentile(scores, 2.5)), float(np.percentile(scores, 97.5))


def fit_linear(calls: Sequence[CallData], features: Sequence[str] = FEATURES, l2: float = 1.0) -> LinearModel:
    """Fit the logistic weights and the threshold on ``calls`` only."""
    names = tuple(features)
    x = np.vstack([np.stack([c.features[n] for n in names], axis=-1).reshape(-1, len(names)) for c in calls])
    y = np.concatenate([c.gold.reshape(-1) for c in calls])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    w = fit_logistic((x - mean) / scale, y, l2=l2)
    linear = LinearModel(names, mean, scale, w[:-1], float(w[-1]))
    candidates = np.arange(0.15, 0.70, 0.025)
    mean_f1 = [np.mean([micro(suggested(linear.probabilities(c.features), t).astype(float), c.gold)[0]
                        for c in calls]) for t in candidates]
    linear.threshold = float(candidates[int(np.argmax(mean_f1))])
    return linear


@dataclass
class ThemeRow:
    label: str
    f1: float
    precision: float
    recall: float
    low: float
    high: float
    n: int


def score_rows(call: CallData, predicted: np.ndarray, rows: np.ndarray | None = None) -> list[ThemeRow]:
    """Per language and overall, on ``rows`` (all submissions by default)."""
    index = np.arange(len(call.sources)) if rows is None else rows
    result = []
    for language in [*sorted(set(call.languages[i] for i in index)), "all"]:
        chosen = index if language == "all" else np.array([i for i in index if call.languages[i] == language])
        f, p, r = micro(predicted[chosen], call.gold[chosen])
        low, high = bootstrap_interval(predicted[chosen], call.gold[chosen])
        result.append(ThemeRow(language, f, p, r, low, high, len(chosen)))
    return result


@dataclass
class CurvePoint:
    """F1 on the submissions staff have not decided, before and after learning, over several draws."""

    fraction: float
    label: str  # a language or "all"
    before: float
    after: float
    low: float  # 95 % interval of "after": draws of the decided subset x bootstrap of the rest
    high: float
    rest: float  # mean number of undecided submissions scored per draw


def simulated_decisions(call: CallData, decided: np.ndarray, shown: np.ndarray, *,
                        included: bool = True) -> dict[tuple[int, int], bool]:
    """Staff on the ``decided`` submissions, as the product records them: every suggestion ``shown``
    accepted or rejected as the gold labels say, and every gold theme it missed added (accepted).

    ``included``: staff then include the submission, which makes every other theme a rejection
    (``suggestions.staff_decisions``); without it a theme neither suggested nor in gold stays
    undecided (staff never see it).
    """
    return {(int(i), t): bool(call.gold[i, t]) for i in decided for t in range(len(call.keys))
            if included or shown[i, t] or call.gold[i, t]}


def learning_curve(call: CallData, linear: LinearModel, *, draws: int = LEARNING_DRAWS,
                   signals: LearningSignals = ALL_SIGNALS, fractions: Sequence[float] = LEARNING_FRACTIONS,
                   resamples: int = LEARNING_RESAMPLES, seed: int = 0, included: bool = True) -> list[CurvePoint]:
    """Staff simulated from gold: per fraction, ``draws`` random decided subsets, scored on the rest only.

    The prior is ``linear`` (fitted on the other calls: leave-one-call-out); learning
    goes through ``learning.adapt``, the code the product runs after each decision.
    Point figures are the mean over draws; the interval pools ``resamples``
    bootstrap resamples of the undecided submissions of every draw.
    """
    prior = linear.probabilities(call.features)
    shown = suggested(prior, linear.threshold)
    count = len(call.sources)
    languages = np.array(call.languages)
    labels = [*sorted(set(call.languages)), "all"]
    points = []
    for fraction in fractions:
        # Draws seeded per fraction: the ablation's 25 % row sees the same decided subsets as the curve.
        draw_rng, boot_rng = np.random.default_rng([seed, round(fraction * 100)]), np.random.default_rng([seed, 1])
        size = round(fraction * count)
        before: dict[str, list[float]] = defaultdict(list)
        after: dict[str, list[float]] = defaultdict(list)
        boot: dict[str, list[float]] = defaultdict(list)
        rests: list[int] = []
        for _ in range(draws):
            order = draw_rng.permutation(count)
            decided, rest = order[:size], order[size:]
            decisions = simulated_decisions(call, decided, shown, included=included)
            learned = adapt(prior, call.items, call.sims, decisions, signals, languages=call.item_languages or None)
            was = shown[rest].astype(float)
            now = suggested(learned[rest], linear.threshold).astype(float)
            gold = call.gold[rest]
            rests.append(len(rest))
            for label in labels:
                keep = np.arange(len(rest)) if label == "all" else np.where(languages[rest] == label)[0]
                if not len(keep):
                    continue
                before[label].append(micro(was[keep], gold[keep])[0])
                after[label].append(micro(now[keep], gold[keep])[0])
                for _ in range(resamples):
                    sample = keep[boot_rng.integers(0, len(keep), len(keep))]
                    boot[label].append(micro(now[sample], gold[sample])[0])
        for label in labels:
            if not after[label]:
                continue
            spread = boot[label] or after[label]
            points.append(CurvePoint(fraction, label, float(np.mean(before[label])), float(np.mean(after[label])),
                                     float(np.percentile(spread, 2.5)), float(np.percentile(spread, 97.5)),
                                     float(np.mean(rests))))
    return points


# What each staff signal adds (learning.adapt), at 25 % decided, mean F1 on the rest.
LEARNING_ABLATIONS: list[tuple[str, LearningSignals]] = [
    ("per-theme offset only", LearningSignals(prototypes=False, neighbours=False, theme_offset=True)),
    ("staff prototypes only", LearningSignals(prototypes=True, neighbours=False, theme_offset=False)),
    ("staff neighbours only", LearningSignals(prototypes=False, neighbours=True, theme_offset=False)),
    ("prototypes + neighbours", LearningSignals(prototypes=True, neighbours=True, theme_offset=False)),
    ("all three, vectors not language-centred", LearningSignals(language_centring=False)),
    ("all three, language-centred (shipped)", ALL_SIGNALS),
]


def format_curve(points: Sequence[CurvePoint], base: Sequence[ThemeRow]) -> list[str]:
    """One row per language: LOCO F1 on the whole call, then per fraction prior -> learned [interval] on the rest."""
    fractions = sorted({p.fraction for p in points})
    at = {(p.fraction, p.label): p for p in points}
    lines = ["    learning from staff: F1 on the undecided rest, prior -> learned [95 % over draws x bootstrap]",
             f"    {'language':<9}{'LOCO':>17}" + "".join(f"{f'{int(f * 100)} % decided':>27}" for f in fractions)]
    for row in base:
        cells = []
        for fraction in fractions:
            p = at.get((fraction, row.label))
            cells.append(f"{p.before:.2f} -> {p.after:.2f} [{p.low:.2f}, {p.high:.2f}]" if p else "-")
        lines.append(f"    {row.label:<9}{f'{row.f1:.2f} [{row.low:.2f}, {row.high:.2f}]':>17}"
                     + "".join(f"{c:>27}" for c in cells))
    rest = ", ".join(f"{int(f * 100)} %: {at[(f, 'all')].rest:.0f}" for f in fractions if (f, "all") in at)
    lines.append(f"    (submissions scored per draw — {rest}; decided ones are never scored)")
    return lines


ABLATIONS: list[tuple[str, tuple[str, ...]]] = [
    ("decision 0008 features (sem, rel, z, kw)", ("sem", "rel", "z", "kw")),
    ("+ sentence votes", ("sem", "rel", "z", "kw", "vote")),
    ("+ votes + call z-score", ("sem", "rel", "z", "kw", "vote", "colz")),
    ("+ votes + call z + call prototypes (shipped)", FEATURES),
    ("shipped, phrases as written only (no stems)", tuple("kw_written" if f == "kw" else f for f in FEATURES)),
    ("shipped without keywords", tuple(f for f in FEATURES if f != "kw")),
]


def format_loco(calls: Sequence[CallData]) -> str:
    """The whole leave-one-call-out report: per call and language, learning curves, ablation."""
    lines = ["Theme suggestions, leave-one-call-out (weights and threshold fitted on the other calls only);",
             "micro-averaged over submission x theme; [95 % bootstrap interval over submissions]"]
    for held in calls:
        others = [c for c in calls if c is not held]
        linear = fit_linear(others)
        predicted = suggested(linear.probabilities(held.features), linear.threshold).astype(float)
        lines.append(f"  {held.slug}  (fitted on: {', '.join(c.slug for c in others)}; threshold "
                     f"{linear.threshold:.3f})")
        lines.append(f"    {'language':<9}{'F1':>7}{'P':>6}{'R':>6}   {'95 % CI':<13} n")
        rows = score_rows(held, predicted)
        for row in rows:
            lines.append(f"    {row.label:<9}{row.f1:>7.3f}{row.precision:>6.2f}{row.recall:>6.2f}   "
                         f"[{row.low:.2f}, {row.high:.2f}]  {row.n}")
        lines += format_curve(learning_curve(held, linear), rows)
    lines.append("Ablation (micro-F1 per held-out call, leave-one-call-out):")
    lines.append("  " + f"{'features':<46}" + "".join(f"{c.slug[:18]:>20}" for c in calls))
    for label, names in ABLATIONS:
        cells = []
        for held in calls:
            linear = fit_linear([c for c in calls if c is not held], names)
            cells.append(micro(suggested(linear.probabilities(held.features), linear.threshold).astype(float),
                               held.gold)[0])
        lines.append(f"  {label:<46}" + "".join(f"{v:>20.3f}" for v in cells))
    lines.append(f"Learning ablation (25 % decided, {LEARNING_DRAWS} draws: mean F1 on the rest, prior -> learned; "
                 "leave-one-call-out prior):")
    lines.append("  " + f"{'staff signals':<46}" + "".join(f"{c.slug[:18]:>20}" for c in calls))
    priors = {held.slug: fit_linear([c for c in calls if c is not held]) for held in calls}
    for label, signals in LEARNING_ABLATIONS:
        texts = []
        for held in calls:
            point = next(p for p in learning_curve(held, priors[held.slug], signals=signals, fractions=(0.25,),
                                                   resamples=0) if p.label == "all")
            texts.append(f"{point.before:.3f} -> {point.after:.3f}")
        lines.append(f"  {label:<46}" + "".join(f"{v:>20}" for v in texts))
    return "\n".join(lines)


def format_weights(linear: LinearModel) -> str:
    """The constants for synthesis/tagging.py, fitted on every given call (production weights)."""
    def tup(values: np.ndarray) -> str:
        return "(" + ", ".join(f"{v:.4f}" for v in values) + ")"
    return (f"FEATURE_MEAN = {tup(linear.mean)}\nFEATURE_SCALE = {tup(linear.scale)}\n"
            f"WEIGHTS = {tup(linear.weights)}\nBIAS = {linear.bias:.4f}\nTHRESHOLD = {linear.threshold:.3f}")


# --- Ablation: the call's themes with translations into the other languages ------------------


THEME_PARTS = ("name", "description", "keywords")


def with_translations(themes: Sequence[Theme], translations: dict,
                      parts: Sequence[str] = THEME_PARTS) -> list[Theme]:
    """Unsaved copies of ``themes`` whose name, description and keywords also hold ``translations``.

    ``translations``: the ``themes`` list of a ``themes_translated.yaml`` (key, and per part a
    language → text or phrase list mapping). What the call itself gives in a language is kept
    as it is; a translation only fills a language the call left empty. ``parts``: which of the
    three take translations (the others stay as the call gives them).
    """
    by_key = {entry["key"]: entry for entry in translations.get("themes") or []}
    result = []
    for theme in themes:
        extra = by_key.get(theme.key, {})
        copied = copy.copy(theme)
        for part in THEME_PARTS:
            given = dict(getattr(theme, part) or {})
            offered = (extra.get(part) or {}) if part in parts else {}
            added = {lang: value for lang, value in offered.items() if value and not given.get(lang)}
            setattr(copied, part, {**given, **added})
        result.append(copied)
    return result


def paired_difference_interval(first: np.ndarray, second: np.ndarray, gold: np.ndarray,
                               samples: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> tuple[float, float]:
    """95 % interval of micro-F1(second) - micro-F1(first) on the same gold, resampling submissions
    with replacement (the same resample for both, so their common luck cancels)."""
    if len(gold) == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    differences = [micro(second[i], gold[i])[0] - micro(first[i], gold[i])[0]
                   for i in (rng.integers(0, len(gold), len(gold)) for _ in range(samples))]
    return float(np.percentile(differences, 2.5)), float(np.percentile(differences, 97.5))


def average_precision(scores: np.ndarray, gold: np.ndarray) -> float:
    """Average precision of the pairs ranked by score (threshold-free; 0 without a gold pair)."""
    order = np.argsort(-scores.ravel(), kind="stable")
    hits = gold.ravel()[order]
    if not hits.sum():
        return 0.0
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / hits.sum())


# The product's threshold (fitted on the four calls' shipped features), for a figure at a fixed threshold.
FIXED_THRESHOLD = 0.40


def format_translation_ablation(shipped: Sequence[CallData], translated: Sequence[CallData],
                                variants: Sequence[tuple[str, Sequence[CallData]]] = ()) -> str:
    """Leave-one-call-out, shipped themes against themes with translations into the other languages.

    Both columns are computed the same way; in the second, every call (held out and fitted on) has
    its translated themes, so the weights and threshold are refitted on the other calls with
    translations, never on the call scored. ``variants``: other settings (e.g. only some parts
    translated), shown in the summary only.
    """
    lines = ["Ablation: themes with the call's own translations into the other five languages",
             "(themes_translated.yaml; leave-one-call-out, weights and threshold refitted on the other calls",
             "with the same setting; micro-F1 [95 % bootstrap]; difference: paired bootstrap over submissions)"]
    settings = [("as the call gives them (shipped)", shipped), ("with translations (all parts)", translated),
                *variants]
    # Each setting's leave-one-call-out fits, once: every table below reads them.
    fits = {id(calls): [fit_linear([c for c in calls if c is not held]) for held in calls] for _, calls in settings}
    summary = []
    for linear, linear_t, held, held_t in zip(fits[id(shipped)], fits[id(translated)], shipped, translated,
                                              strict=True):
        predicted = suggested(linear.probabilities(held.features), linear.threshold).astype(float)
        predicted_t = suggested(linear_t.probabilities(held_t.features), linear_t.threshold).astype(float)
        lines.append(f"  {held.slug}  (threshold {linear.threshold:.3f} -> {linear_t.threshold:.3f})")
        lines.append(f"    {'language':<9}{'shipped':>24}{'with translations':>26}{'difference':>26}   n")
        languages = np.array(held.languages)
        rows, rows_t = score_rows(held, predicted), score_rows(held_t, predicted_t)
        for row, row_t in zip(rows, rows_t, strict=True):
            chosen = np.arange(len(languages)) if row.label == "all" else np.where(languages == row.label)[0]
            low, high = paired_difference_interval(predicted[chosen], predicted_t[chosen], held.gold[chosen])
            lines.append(f"    {row.label:<9}"
                         f"{f'{row.f1:.3f} [{row.low:.2f}, {row.high:.2f}] R {row.recall:.2f}':>24}"
                         f"{f'{row_t.f1:.3f} [{row_t.low:.2f}, {row_t.high:.2f}] R {row_t.recall:.2f}':>26}"
                         f"{f'{row_t.f1 - row.f1:+.3f} [{low:+.2f}, {high:+.2f}]':>26}   {row.n}")
        curve = {p.label: p for p in learning_curve(held, linear, fractions=(0.25,))}
        curve_t = {p.label: p for p in learning_curve(held_t, linear_t, fractions=(0.25,))}
        lines.append("    25 % decided, F1 on the undecided rest, prior -> learned [95 %]:")
        for label in [r.label for r in rows]:
            p, q = curve.get(label), curve_t.get(label)
            if p is None or q is None:
                continue
            lines.append(f"    {label:<9}{f'{p.before:.3f} -> {p.after:.3f} [{p.low:.2f}, {p.high:.2f}]':>30}"
                         f"{f'{q.before:.3f} -> {q.after:.3f} [{q.low:.2f}, {q.high:.2f}]':>32}")
        summary.append((held.slug, rows[-1].f1, rows_t[-1].f1, curve["all"].after, curve_t["all"].after))
    lines.append("  Summary (all languages): LOCO shipped -> with translations; 25 % decided, learned: the same")
    lines += [f"    {slug[:30]:<32}{a:.3f} -> {b:.3f} ({b - a:+.3f})   {c:.3f} -> {d:.3f} ({d - c:+.3f})"
              for slug, a, b, c, d in summary]
    lines.append(f"  Per setting and call: LOCO micro-F1 / average precision of the LOCO probabilities (threshold-free)"
                 f" / F1 at the fixed threshold {FIXED_THRESHOLD:.2f}")
    lines.append("  " + f"{'themes':<40}" + "".join(f"{c.slug[:22]:>24}" for c in shipped))
    for label, calls in settings:
        cells = []
        for linear, held in zip(fits[id(calls)], calls, strict=True):
            probabilities = linear.probabilities(held.features)
            f1 = micro(suggested(probabilities, linear.threshold).astype(float), held.gold)[0]
            fixed = micro(suggested(probabilities, FIXED_THRESHOLD).astype(float), held.gold)[0]
            cells.append(f"{f1:.3f} / {average_precision(probabilities, held.gold):.3f} / {fixed:.3f}")
        lines.append(f"  {label:<40}" + "".join(f"{c:>24}" for c in cells))
    lines.append("  Average precision per language (LOCO probabilities), shipped -> with translations:")
    for linear, linear_t, held, held_t in zip(fits[id(shipped)], fits[id(translated)], shipped, translated,
                                              strict=True):
        given, filled = linear.probabilities(held.features), linear_t.probabilities(held_t.features)
        languages = np.array(held.languages)
        cells = [f"{lang} {average_precision(given[languages == lang], held.gold[languages == lang]):.2f}->"
                 f"{average_precision(filled[languages == lang], held.gold[languages == lang]):.2f}"
                 for lang in sorted(set(held.languages))]
        lines.append(f"    {held.slug[:30]:<32}" + "  ".join(cells))
    return "\n".join(lines)
