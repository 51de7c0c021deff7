"""The intent classifier's fit, with the sentence encoder's columns multiplied as a dense matrix.

scikit-learn's lbfgs fit multiplies the feature matrix as one sparse matrix. The encoder's 768 columns
are filled in every row, so they are four fifths of its stored values, and scipy's sparse product (one
thread, no BLAS) read them twice at every step: 110 s of a 190 s training. This minimises the same
objective as scikit-learn 1.1 with the same L-BFGS-B call, with the dense block multiplied through BLAS
and the word and character counts kept sparse; the fitted ``LogisticRegression`` is then used as usual.
"""
from __future__ import annotations

import logging
from typing import Sequence, Tuple

import numpy as np
from scipy import optimize
from scipy.sparse import csr_matrix, hstack
from scipy.special import logsumexp
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_class_weight

log = logging.getLogger(__name__)


def fit(clf: LogisticRegression, sparse: csr_matrix, dense: np.ndarray, labels: Sequence[str]) -> None:
    """Fit ``clf`` (lbfgs, L2, its ``C``, ``max_iter``, ``tol`` and ``class_weight``) on ``[sparse, dense]``.

    Two classes are a binomial problem in scikit-learn, which it fits itself.
    """
    classes, y = np.unique(np.asarray(labels), return_inverse=True)
    if classes.size < 3:
        clf.fit(hstack([sparse, csr_matrix(dense)], format="csr"), labels)
        return
    if clf.penalty != "l2" or clf.solver != "lbfgs" or not clf.fit_intercept:
        raise ValueError("the block fit is lbfgs with an L2 penalty and an intercept")
    sample_weight = compute_class_weight(clf.class_weight, classes=classes, y=np.asarray(labels))[y]
    width = sparse.shape[1] + dense.shape[1]
    problem = _Problem(sparse.tocsr(), np.ascontiguousarray(dense, dtype=np.float64), y, classes.size,
                       sample_weight, 1.0 / clf.C)
    result = optimize.minimize(problem.loss_gradient, np.zeros(classes.size * (width + 1)), method="L-BFGS-B",
                               jac=True, options={"gtol": clf.tol, "maxiter": clf.max_iter})
    if not result.success:
        log.info("intent classifier: lbfgs stopped after %d iterations (%s)", result.nit, result.message)
    coef = result.x.reshape(classes.size, width + 1)
    clf.classes_ = classes
    clf.coef_ = np.ascontiguousarray(coef[:, :-1])
    clf.intercept_ = coef[:, -1].copy()
    clf.n_iter_ = np.array([result.nit], dtype=np.int32)
    clf.n_features_in_ = width


class _Problem:
    """Weighted multinomial log-loss plus ``l2 / 2 * |W|^2`` (intercepts unpenalised), as scikit-learn 1.1."""

    def __init__(self, sparse: csr_matrix, dense: np.ndarray, y: np.ndarray, n_classes: int,
                 sample_weight: np.ndarray, l2: float) -> None:
        self.sparse, self.dense, self.l2 = sparse, dense, l2
        self.sparse_t = sparse.T.tocsr()  # the gradient's product reads the columns, so keep them as rows
        self.n_classes, self.split = n_classes, sparse.shape[1]
        self.onehot = np.zeros((len(y), n_classes))
        self.onehot[np.arange(len(y)), y] = 1.0
        self.sample_weight = sample_weight

    def _unpack(self, flat: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        coef = flat.reshape(self.n_classes, -1)
        return coef[:, :self.split], coef[:, self.split:-1], coef[:, -1]

    def loss_gradient(self, flat: np.ndarray) -> Tuple[float, np.ndarray]:
        sparse_w, dense_w, intercept = self._unpack(flat)
        raw = self.sparse @ sparse_w.T + self.dense @ dense_w.T + intercept
        log_norm = logsumexp(raw, axis=1)
        loss = float(self.sample_weight @ (log_norm - (raw * self.onehot).sum(axis=1)))
        weights = flat.reshape(self.n_classes, -1)[:, :-1]
        loss += 0.5 * self.l2 * float(np.sum(weights * weights))
        residual = (np.exp(raw - log_norm[:, None]) - self.onehot) * self.sample_weight[:, None]
        gradient = np.empty((self.n_classes, flat.size // self.n_classes))
        gradient[:, :self.split] = (self.sparse_t @ residual).T
        gradient[:, self.split:-1] = residual.T @ self.dense
        gradient[:, :-1] += self.l2 * weights
        gradient[:, -1] = residual.sum(axis=0)
        return loss, gradient.ravel()
