#!/usr/bin/env python3
"""scikit-learn's SGDClassifier on .npy data, for tests/engine/classifiers/linear_classifier_test.cpp.

Usage: sklearn_sgd_reference.py X_train.npy y_train.npy X_test.npy y_test.npy LOSS ALPHA SHUFFLE SEED
Prints JSON: coef, intercept, n_iter, objective (mean loss + alpha/2 |w|^2 on the training rows), accuracy (test).
"""
import json
import sys

import numpy as np
from sklearn.linear_model import SGDClassifier


def sample_loss(loss, f, y):
    z = f * y
    if loss == "modified_huber":
        return np.where(z >= 1, 0.0, np.where(z >= -1, (1 - z) ** 2, -4 * z))
    if loss == "hinge":
        return np.maximum(0.0, 1 - z)
    return np.logaddexp(0.0, -z)


def main():
    xtr, ytr, xte, yte = (np.load(p) for p in sys.argv[1:5])
    loss, alpha, shuffle, seed = sys.argv[5], float(sys.argv[6]), sys.argv[7] == "1", int(sys.argv[8])
    clf = SGDClassifier(loss=loss, alpha=alpha, shuffle=shuffle, random_state=seed)
    clf.fit(xtr, ytr)
    w, b = clf.coef_[0], float(clf.intercept_[0])
    f = xtr.astype(np.float64) @ w + b
    objective = float(np.mean(sample_loss(loss, f, np.where(ytr == 1, 1.0, -1.0))) + 0.5 * alpha * w @ w)
    accuracy = float(np.mean(clf.predict(xte) == yte))
    print(json.dumps({"coef": w.tolist(), "intercept": b, "n_iter": int(clf.n_iter_),
                      "objective": objective, "accuracy": accuracy}))


if __name__ == "__main__":
    main()
