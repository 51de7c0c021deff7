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


def evaluate(agent, path: Path) -> Report:
    examples = load_examples(path)
    texts = [t for t, _ in examples]
    return score([i for _, i in examples], predict(agent, texts), texts)
