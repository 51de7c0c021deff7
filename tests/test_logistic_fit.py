"""The intent classifier's block fit (assistant/nlu/logistic_fit.py) against scikit-learn's own fit."""
import numpy as np
import pytest
from scipy import sparse as sp
from sklearn.linear_model import LogisticRegression

from assistant.nlu import logistic_fit


def _problem(classes: int, seed: int = 7):
    """Counts-like sparse columns and an encoder-like dense block, unbalanced classes, some overlap."""
    rng = np.random.default_rng(seed)
    labels = rng.choice([f"intent_{k}" for k in range(classes)], size=240, p=np.linspace(1, 3, classes) / np.linspace(1, 3, classes).sum())
    words = sp.random(240, 60, density=0.08, random_state=seed, format="csr")
    centres = rng.normal(size=(classes, 12))
    index = np.unique(labels, return_inverse=True)[1]
    dense = centres[index] + rng.normal(scale=1.5, size=(240, 12))
    return words, dense, list(labels)


def test_the_block_fit_finds_scikit_learns_model():
    """Both minimise the same objective, so fitted to convergence they must agree on every probability."""
    words, dense, labels = _problem(classes=4)
    ours = LogisticRegression(C=3.0, class_weight="balanced", max_iter=5000, tol=1e-10)
    logistic_fit.fit(ours, words, dense, labels)
    theirs = LogisticRegression(C=3.0, class_weight="balanced", max_iter=5000, tol=1e-10)
    theirs.fit(sp.hstack([words, sp.csr_matrix(dense)], format="csr"), labels)
    X = sp.hstack([words, sp.csr_matrix(dense)], format="csr")
    assert list(ours.classes_) == list(theirs.classes_) and ours.coef_.shape == theirs.coef_.shape
    assert np.allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-5)
    assert np.allclose(ours.coef_, theirs.coef_, atol=1e-3) and (ours.predict(X) == theirs.predict(X)).all()


def test_the_gradient_is_the_objectives_slope():
    words, dense, labels = _problem(classes=3, seed=3)
    classes, y = np.unique(labels, return_inverse=True)
    problem = logistic_fit._Problem(words, dense, y, classes.size, np.linspace(0.5, 2, len(y)), l2=0.7)
    point = np.random.default_rng(1).normal(scale=0.3, size=classes.size * (words.shape[1] + dense.shape[1] + 1))
    _, gradient = problem.loss_gradient(point)
    for index in (0, 5, words.shape[1] + 2, point.size - 1):  # a word, another, an encoder column, an intercept
        step = np.zeros_like(point)
        step[index] = 1e-6
        slope = (problem.loss_gradient(point + step)[0] - problem.loss_gradient(point - step)[0]) / 2e-6
        assert slope == pytest.approx(gradient[index], rel=1e-5, abs=1e-6)


def test_two_intents_are_left_to_scikit_learn():
    words, dense, labels = _problem(classes=2)
    ours = LogisticRegression(C=3.0, class_weight="balanced")
    logistic_fit.fit(ours, words, dense, labels)
    theirs = LogisticRegression(C=3.0, class_weight="balanced").fit(sp.hstack([words, sp.csr_matrix(dense)]).tocsr(), labels)
    assert np.array_equal(ours.coef_, theirs.coef_) and ours.coef_.shape[0] == 1


def test_a_solver_it_does_not_reproduce_is_refused():
    words, dense, labels = _problem(classes=3)
    with pytest.raises(ValueError, match="lbfgs"):
        logistic_fit.fit(LogisticRegression(solver="saga"), words, dense, labels)
