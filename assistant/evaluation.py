"""NLU evaluation on files the model never trained on: accuracy, macro-F1, crisis recall and false positives."""
from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

Example = Tuple[str, str]

CRISIS = "crisis"


def load_examples(path: Path) -> List[Example]:
    """(text, expected intent) pairs from Rasa NLU YAML or JSONL with "text" and "expected_intent"."""
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [(row["text"], row["expected_intent"]) for row in rows]
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
    errors: List[Tuple[str, str, str]] = field(default_factory=list)

    def as_dict(self) -> Dict:
        return self.__dict__.copy()


def score(expected: List[str], predicted: List[str], texts: List[str]) -> Report:
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
    other_rows = [p for e, p in zip(expected, predicted) if e != CRISIS]
    confused = Counter((e, p) for e, p in zip(expected, predicted) if e != p)
    return Report(
        total=len(expected),
        accuracy=sum(e == p for e, p in zip(expected, predicted)) / max(len(expected), 1),
        macro_f1=sum(per_intent[label]["f1"] for label in present) / max(len(present), 1),
        per_intent=per_intent,
        crisis_recall=(sum(p == CRISIS for p in crisis_rows) / len(crisis_rows)) if crisis_rows else None,
        crisis_false_positive_rate=(sum(p == CRISIS for p in other_rows) / len(other_rows)) if other_rows else None,
        confused=[(e, p, n) for (e, p), n in confused.most_common(10)],
        errors=[(t, e, p) for t, e, p in zip(texts, expected, predicted) if e != p],
    )


def predict(agent, texts: List[str]) -> List[str]:
    from assistant.text import clean

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
    return score(expected, predicted, texts)


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
        lines.append(f"crisis recall {report.crisis_recall:.3f}")
    if report.crisis_false_positive_rate is not None:
        lines.append(f"crisis false-positive rate {report.crisis_false_positive_rate:.3f}")
    lines.append("")
    lines.append(f"{'intent':28} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    for label, row in sorted(report.per_intent.items()):
        lines.append(f"{label:28} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f} {row['support']:8d}")
    if report.confused:
        lines.append("")
        lines.append("most confused (expected -> predicted: count)")
        lines.extend(f"  {e} -> {p}: {n}" for e, p, n in report.confused)
    return "\n".join(lines)
