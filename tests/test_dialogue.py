"""Training data and conversations, checked with Rasa's own tools against the trained model."""
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

RASA = str(Path(sys.executable).parent / "rasa")


def test_training_data_validates_without_warnings():
    result = subprocess.run(
        [RASA, "data", "validate", "--fail-on-warnings", "-d", "domain.yml", "--data", "data/nlu", "data/rules", "data/stories"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_conversation_stories_pass(model_path, tmp_path):
    result = subprocess.run(
        [RASA, "test", "core", "--model", str(model_path), "--stories", "tests/test_stories.yml",
         "--fail-on-prediction-errors", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, details[-4000:] + result.stderr[-2000:]
