#!/usr/bin/env python3
"""An independent NumPy implementation of the regularized GGN step, for `check-bounds bench`.

Written from Proofs/RegularizedGGN.md (sections 1-4), not from the Swift code: the two-layer
network Phi(x) = kappa * sum_i v_i rho(u_i . x) with theta = (U row-major, n x n0; then v),
R = |Phi - y|^2 / (2m), g = tau * sum pseudo-Huber(theta_i; mu), the overparameterized form
d = H^-1 Jh^T (I + Qh Jh H^-1 Jh^T)^-1 eh, and alpha = alpha_bar / (1 + M_g eta) with the M_g of
g-bar (2 mu^-0.7 p^0.2). Reads a problem folder written by `trace --export-problem`, times
`reps` consecutive steps of the plain step and of the step with sigma(J) by an SVD of J (the
accurate peer of the instrumented step) and with sigma from the Gram eigenvalues, and prints one
JSON object: medians in seconds and theta_1 for the agreement check.

usage: numpy_peer.py DIR REPS
"""
import json
import signal
import sys
import time

import numpy as np


def load(d):
    cfg = json.load(open(f"{d}/config.json"))
    X = np.loadtxt(f"{d}/X.csv", delimiter=",", ndmin=2)
    y = np.loadtxt(f"{d}/y.csv", delimiter=",", ndmin=1)
    theta0 = np.loadtxt(f"{d}/theta0.csv", delimiter=",", ndmin=1)
    return cfg, X, y, theta0


def activation(name):
    if name == "silu":
        s = lambda z: 1 / (1 + np.exp(-z))
        return (lambda z: z * s(z)), (lambda z: s(z) * (1 + z * (1 - s(z))))
    if name == "tanh":
        return np.tanh, (lambda z: 1 - np.tanh(z) ** 2)
    raise SystemExit(f"numpy_peer.py: activation {name} not implemented")


def make_step(cfg, X, y):
    m, n0 = X.shape
    n, kappa, tau, mu = cfg["n"], cfg["kappa"], cfg["tau"], cfg["mu"]
    alpha_bar = cfg["alpha_bar"]
    p = n * n0 + n
    mg = 2 * mu ** -0.7 * p ** 0.2
    rho, drho = activation(cfg["activation"])

    def evaluate(theta):
        U, v = theta[: n * n0].reshape(n, n0), theta[n * n0:]
        Z = X @ U.T
        A = rho(Z)
        phi = kappa * A @ v
        JU = (kappa * v * drho(Z))[:, :, None] * X[:, None, :]
        J = np.hstack([JU.reshape(m, n * n0), kappa * A])
        return phi, J

    def step(theta, sigma=None):
        phi, J = evaluate(theta)
        e = (phi - y) / m
        r = np.sqrt(mu * mu + theta * theta)
        grad_g = tau * theta / r
        H = tau * mu * mu / r ** 3
        Jh = np.vstack([J, grad_g])
        W = Jh / np.sqrt(H)
        K = W @ W.T
        A = K.copy()
        A[:m] /= m
        A[m] = 0
        A += np.eye(m + 1)
        z = np.linalg.solve(A, np.append(e, 1.0))
        d = (W.T @ z) / np.sqrt(H)
        eta = np.sqrt(grad_g @ (grad_g / H))
        alpha = alpha_bar / (1 + mg * eta)
        nxt = theta - alpha * d
        if sigma == "svd":
            s = np.linalg.svd(J, compute_uv=False)
            _ = (s[0], s[-1], evaluate(nxt)[0])
        elif sigma == "gram":
            lam = np.linalg.eigvalsh(J @ J.T)
            _ = (np.sqrt(max(lam[-1], 0)), np.sqrt(max(lam[0], 0)), evaluate(nxt)[0])
        return nxt

    return step


def timed(step, theta, reps, sigma):
    theta = step(theta, sigma)  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        theta = step(theta, sigma)
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def main():
    # check-bounds ignores SIGINT/SIGTERM while it cleans up; the peer must still stop on them.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    d, reps = sys.argv[1], int(sys.argv[2])
    cfg, X, y, theta0 = load(d)
    step = make_step(cfg, X, y)
    theta1 = step(theta0)
    out = {
        "numpy": np.__version__,
        "plain": timed(step, theta0, reps, None),
        "instrumented_svd": timed(step, theta0, reps, "svd"),
        "instrumented_gram": timed(step, theta0, reps, "gram"),
        "theta1": theta1.tolist(),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
