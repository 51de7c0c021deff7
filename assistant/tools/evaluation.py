"""NLU evaluation on files the model never trained on: accuracy, macro-F1, crisis recall and false alarms.

The crisis decision is graded (``crisis``, ``check``, ``none``; see assistant/nlu/crisis.py), so a
crisis message answered with the direct question (``crisis_check``) counts as caught, and for
other messages two rates are kept: full crisis answers, and any alert (crisis or the question).
JSONL rows may carry ``accept_also`` (other right answers), and the label ``not_crisis`` means
any answer but a crisis one is right (the public therapy-questions set uses both).
"""
from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from assistant.safety import CHECK_INTENT, CRISIS_INTENT

Example = Tuple[str, str]

CRISIS = CRISIS_INTENT
CHECK = CHECK_INTENT
NOT_CRISIS = "not_crisis"
MAX_GROUPS = 8
"""More kinds than this in one file (CounselChat's 30 topics) are too small each to say much: not reported."""


def _jsonl_rows(path: Path) -> List[Dict]:
    """The rows of a JSONL file (none for an NLU YAML file)."""
    if path.suffix != ".jsonl":
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_accepted(path: Path) -> Dict[str, List[str]]:
    """Text -> other intents that are also right (``accept_also`` in JSONL rows)."""
    return {row["text"]: list(row.get("accept_also") or []) for row in _jsonl_rows(path)}


def load_groups(path: Path) -> Dict[str, str]:
    """Text -> the group a JSONL row belongs to: its ``kind``, or its ``source`` without a bracketed
    detail and its file, so one file mixing kinds (crisis tweets and control tweets; CLINC's out-of-scope queries
    and its everyday ones) is also reported kind by kind."""
    return {row["text"]: str(row.get("kind") or _split_of(str(row.get("source") or ""))) for row in _jsonl_rows(path)}


def _split_of(source: str) -> str:
    """"repo:file.json oos_val" -> "oos_val"; "repo:file.json train (order)" -> "train"."""
    words = re.sub(r"\s*\(.*\)$", "", source).split()
    return words[-1] if words else ""


def _graded(expected: str, predicted: str, accepted: List[str]) -> str:
    """The prediction as scored: the direct question counts as the crisis route for a crisis
    message, and any accepted answer counts as the expected one."""
    if expected == CRISIS and predicted == CHECK:
        return CRISIS
    if predicted in accepted and predicted != expected:
        return expected
    if expected == NOT_CRISIS and predicted not in (CRISIS, CHECK):
        return NOT_CRISIS
    return predicted


def load_examples(path: Path) -> List[Example]:
    """(text, expected intent) pairs from Rasa NLU YAML or JSONL with "text" and "expected_intent"."""
    if path.suffix == ".jsonl":
        return [(row["text"], row["expected_intent"]) for row in _jsonl_rows(path)]
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


@dataclass
class Report:
    total: int
    accuracy: float
    macro_f1: float
    per_intent: Dict[str, Dict[str, float]]
    crisis_recall: Optional[float]
    crisis_false_positive_rate: Optional[float]
    confused: List[Tuple[str, str, int]]
    crisis_recall_without_check: Optional[float] = None
    alert_rate: Optional[float] = None
    errors: List[Tuple[str, str, str]] = field(default_factory=list)
    groups: Dict[str, Dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> Dict:
        return self.__dict__.copy()


def score(expected: List[str], predicted: List[str], texts: List[str], accepted: Optional[Dict[str, List[str]]] = None,
          groups: Optional[Dict[str, str]] = None) -> Report:
    """Accuracy, macro-F1 and the crisis rates; ``predicted`` holds the raw intents. With ``groups``
    (text -> group) and more than one group, the accuracy and alert rates of each group as well."""
    accepted = accepted or {}
    raw = predicted
    predicted = [_graded(e, p, accepted.get(t, [])) for t, e, p in zip(texts, expected, raw)]
    safe_rows = [p for t, e, p in zip(texts, expected, raw) if e != CRISIS and CRISIS not in accepted.get(t, [])]
    labels = sorted(set(expected) | set(predicted))
    per_intent = {}
    for label in labels:
        tp = sum(e == p == label for e, p in zip(expected, predicted))
        fp = sum(p == label != e for e, p in zip(expected, predicted))
        fn = sum(e == label != p for e, p in zip(expected, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    present = [label for label in labels if per_intent[label]["support"]]
    crisis_rows = [p for e, p in zip(expected, predicted) if e == CRISIS]
    confused = Counter((e, p) for e, p in zip(expected, predicted) if e != p)
    return Report(
        total=len(expected),
        accuracy=sum(e == p for e, p in zip(expected, predicted)) / max(len(expected), 1),
        macro_f1=sum(per_intent[label]["f1"] for label in present) / max(len(present), 1),
        per_intent=per_intent,
        crisis_recall=(sum(p == CRISIS for p in crisis_rows) / len(crisis_rows)) if crisis_rows else None,
        crisis_false_positive_rate=(sum(p == CRISIS for p in safe_rows) / len(safe_rows)) if safe_rows else None,
        crisis_recall_without_check=(sum(p == CRISIS for e, p in zip(expected, raw) if e == CRISIS) / len(crisis_rows)) if crisis_rows else None,
        alert_rate=(sum(p in (CRISIS, CHECK) for p in safe_rows) / len(safe_rows)) if safe_rows else None,
        confused=[(e, p, n) for (e, p), n in confused.most_common(10)],
        errors=[(t, e, p) for t, e, p in zip(texts, expected, predicted) if e != p],
        groups=_by_group(expected, predicted, raw, texts, accepted, groups or {}),
    )


def _by_group(expected: List[str], predicted: List[str], raw: List[str], texts: List[str],
              accepted: Dict[str, List[str]], groups: Dict[str, str]) -> Dict[str, Dict[str, float]]:
    """Per group: size, accuracy, and the crisis rates its rows call for (caught, or alerts on safe rows)."""
    if not 2 <= len(set(groups.get(t, "") for t in texts)) <= MAX_GROUPS:
        return {}
    rows: Dict[str, List[Tuple[str, str, str, bool]]] = {}
    for t, e, p, r in zip(texts, expected, predicted, raw):
        rows.setdefault(groups.get(t, ""), []).append((e, p, r, e != CRISIS and CRISIS not in accepted.get(t, [])))
    result = {}
    for name, members in sorted(rows.items()):
        crisis = [p for e, p, _, _ in members if e == CRISIS]
        safe = [r for _, _, r, is_safe in members if is_safe]
        entry = {"total": len(members), "accuracy": sum(e == p for e, p, _, _ in members) / len(members)}
        if crisis:
            entry["crisis_recall"] = sum(p == CRISIS for p in crisis) / len(crisis)
        if safe:
            entry["crisis_answer_rate"] = sum(r == CRISIS for r in safe) / len(safe)
            entry["alert_rate"] = sum(r in (CRISIS, CHECK) for r in safe) / len(safe)
        result[name] = entry
    return result


def group_lines(report: Report) -> List[str]:
    """One indented line per group, when the file has more than one."""
    lines = []
    for name, entry in report.groups.items():
        parts = [f"  {name or '(no group)':38} {int(entry['total']):5d}  accuracy {entry['accuracy']:.3f}"]
        if "crisis_recall" in entry:
            parts.append(f"crisis caught {entry['crisis_recall']:.3f}")
        if "alert_rate" in entry:
            parts.append(f"safe given crisis answer {entry['crisis_answer_rate']:.3f}, any alert {entry['alert_rate']:.3f}")
        lines.append("  ".join(parts))
    return lines


def predict(agent, texts: List[str]) -> List[str]:
    from assistant.core.text import clean

    async def run() -> List[str]:
        results = []
        for text in texts:
            parse = await agent.parse_message(clean(text))
            results.append((parse.get("intent") or {}).get("name") or "nlu_fallback")
        return results

    return asyncio.new_event_loop().run_until_complete(run())


def evaluate(agent, path: Path, png: Optional[Path] = None) -> Report:
    """Score the full NLU pipeline (crisis detector included) on a file of labelled messages."""
    examples = load_examples(path)
    texts = [t for t, _ in examples]
    expected = [i for _, i in examples]
    predicted = predict(agent, texts)
    if png is not None:
        confusion_png(expected, predicted, png)
    return score(expected, predicted, texts, load_accepted(path), load_groups(path))


def confusion_png(expected: List[str], predicted: List[str], path: Path) -> Path:
    """Write a confusion-matrix picture (rows: expected intent, columns: predicted)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = sorted(set(expected) | set(predicted))
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for e, p in zip(expected, predicted):
        matrix[index[e]][index[p]] += 1
    size = max(6, len(labels) * 0.38)
    figure, axes = plt.subplots(figsize=(size, size))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    axes.set_yticks(range(len(labels)), labels, fontsize=7)
    axes.set_xlabel("predicted")
    axes.set_ylabel("expected")
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            if count:
                axes.text(j, i, str(count), ha="center", va="center", fontsize=6)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path


def format_report(report: Report, source: str) -> str:
    """The human-readable report `compassion eval` prints."""
    lines = [
        f"{source}: {report.total} messages",
        f"accuracy {report.accuracy:.3f}   macro-F1 {report.macro_f1:.3f}",
    ]
    if report.crisis_recall is not None:
        lines.append(f"crisis recall {report.crisis_recall:.3f} counting the direct question ({report.crisis_recall_without_check:.3f} full crisis answers)")
    if report.crisis_false_positive_rate is not None:
        lines.append(f"safe messages given a crisis answer {report.crisis_false_positive_rate:.3f}; any alert (crisis or the question) {report.alert_rate:.3f}")
    if report.groups:
        lines += ["", "by kind or source:", *group_lines(report)]
    lines.append("")
    lines.append(f"{'intent':28} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    for label, row in sorted(report.per_intent.items()):
        lines.append(f"{label:28} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f} {row['support']:8d}")
    if report.confused:
        lines.append("")
        lines.append("most confused (expected -> predicted: count)")
        lines.extend(f"  {e} -> {p}: {n}" for e, p, n in report.confused)
    return "\n".join(lines)


def summary_line(report: Report, name: str) -> str:
    """One file in one line (and a line per kind when it mixes kinds), for `compassion eval` over several files."""
    parts = [f"{name:40} {report.total:5d}  accuracy {report.accuracy:.3f}  macro-F1 {report.macro_f1:.3f}"]
    if report.crisis_recall is not None:
        parts.append(f"crisis caught {report.crisis_recall:.3f} ({report.crisis_recall_without_check:.3f} full answers)")
    if report.crisis_false_positive_rate is not None:
        parts.append(f"safe given crisis answer {report.crisis_false_positive_rate:.3f}, any alert {report.alert_rate:.3f}")
    return "\n".join(["  ".join(parts), *group_lines(report)])
