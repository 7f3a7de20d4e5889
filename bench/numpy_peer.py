"""The numpy peer of `npm run bench`: the course's vectorised L-layer network, trained by plain
full-batch gradient descent exactly as nnc does it (Z = W @ A + b, the same activations, the
binary cross-entropy cost computed from the logits at the same report steps as nnc's `train`
(every `reportEvery` steps, and after the last one), dZ = A - Y at the output, the same learning
rate), started from the initial weights nnc exported.

Usage: python3 numpy_peer.py JOB_DIR. JOB_DIR/job.json names the network and the raw
little-endian float64 files (X, Y, W1, b1, ...) beside it. Prints one JSON line:
{"times_ms": [...], "final_cost": c, "numpy": version, "blas": description}.
Only the training loop is timed, inside this process.
"""
import json
import os
import sys
import time

import numpy as np


def activate(kind, Z):
    if kind == "tanh":
        return np.tanh(Z)
    if kind == "relu":
        return np.maximum(Z, 0)
    if kind == "sigmoid":
        return 1 / (1 + np.exp(-Z))
    raise ValueError(f"unsupported activation {kind}")


def activation_grad(kind, Z, A):
    """g'(Z) for the hidden layers."""
    if kind == "tanh":
        return 1 - A * A
    if kind == "relu":
        return (Z > 0).astype(Z.dtype)
    if kind == "sigmoid":
        return A * (1 - A)
    raise ValueError(f"unsupported activation {kind}")


def bce_from_logits(Z, Y):
    """-(1/m) sum(Y log A + (1-Y) log(1-A)) with A = sigmoid(Z), without overflow."""
    m = Y.shape[1]
    return float(np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m)


def train(X, Y, Ws, bs, activations, learning_rate, iterations, report_every):
    m = X.shape[1]
    L = len(Ws)
    for i in range(iterations):
        As, Zs = [X], []
        for l in range(L):
            Z = Ws[l] @ As[-1] + bs[l]
            Zs.append(Z)
            As.append(activate(activations[l], Z))
        if i % report_every == 0:
            bce_from_logits(Zs[-1], Y)  # a report, as in nnc's train()
        dZ = As[-1] - Y
        for l in reversed(range(L)):
            dW = (dZ @ As[l].T) / m
            db = np.sum(dZ, axis=1, keepdims=True) / m
            if l > 0:
                dA = Ws[l].T @ dZ
                dZ = dA * activation_grad(activations[l - 1], Zs[l - 1], As[l])
            Ws[l] -= learning_rate * dW
            bs[l] -= learning_rate * db
    A = X
    for l in range(L):
        Z = Ws[l] @ A + bs[l]
        A = activate(activations[l], Z)
    return bce_from_logits(Z, Y)


def blas_description():
    parts = []
    try:
        config = np.show_config(mode="dicts")
        blas = config.get("Build Dependencies", {}).get("blas", {})
        parts.append(f"{blas.get('name', '?')} {blas.get('version', '')}".strip())
    except Exception:  # older numpy: no dict mode
        pass
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
                parts.append(f"{pool.get('internal_api')} {pool.get('version')} "
                             f"{pool.get('architecture')} threads={pool.get('num_threads')}")
    except ImportError:
        parts.append("threadpoolctl not installed: kernel unknown")
    return "; ".join(parts)


def main():
    job_dir = sys.argv[1]
    with open(os.path.join(job_dir, "job.json")) as f:
        job = json.load(f)
    dtype = np.float32 if job["precision"] == "f32" else np.float64
    sizes = job["sizes"]

    def read(name, shape):
        return np.fromfile(os.path.join(job_dir, name + ".bin"), dtype="<f8").reshape(shape).astype(dtype)

    m = job["m"]
    X = read("X", (sizes[0], m))
    Y = read("Y", (sizes[-1], m))
    W0 = [read(f"W{l}", (sizes[l], sizes[l - 1])) for l in range(1, len(sizes))]
    b0 = [read(f"b{l}", (sizes[l], 1)) for l in range(1, len(sizes))]
    lr = dtype(job["learningRate"])

    times, cost = [], None
    for rep in range(job["warmup"] + job["repetitions"]):
        Ws = [W.copy() for W in W0]
        bs = [b.copy() for b in b0]
        start = time.perf_counter()
        cost = train(X, Y, Ws, bs, job["activations"], lr, job["iterations"], job["reportEvery"])
        elapsed = (time.perf_counter() - start) * 1000
        if rep >= job["warmup"]:
            times.append(elapsed)
    print(json.dumps({"times_ms": times, "final_cost": cost, "numpy": np.__version__,
                      "blas": blas_description()}))


if __name__ == "__main__":
    main()
