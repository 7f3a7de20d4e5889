"""One numpy contender of `npm run bench`, in its own process:
    python3 bench/contender_numpy.py JOB_DIR RESULT.json f32|f64

The same step as every contender, the course's vectorised implementation in the given dtype:
    forward   Z[l] = W[l] @ A[l-1] + b[l], A[l] = g(Z[l])
    backward  dZ[L] = A[L] - Y; dW = (1/m) dZ @ A[l-1].T; db = (1/m) sum(dZ, axis=1)
              dZ[l-1] = (W[l].T @ dZ) * g'(Z[l-1])
    update    W -= a dW, b -= a db
The cost is not computed in the steps, only once after the last one (from the logits).
Timed as every contender is: `warmup` untimed groups of `perGroup` steps, `samples` timed
groups, one closing untimed group. OPENBLAS_CORETYPE is removed by the parent (run.mjs).
"""
import json
import os
import resource
import sys
import time

import numpy as np


def activate(kind, Z):
    if kind == "relu":
        return np.maximum(Z, 0)
    if kind == "tanh":
        return np.tanh(Z)
    if kind == "sigmoid":
        return 1 / (1 + np.exp(-Z))
    raise ValueError(f"unsupported activation {kind}")


def derivative(kind, Z, A):
    """g'(Z) of a hidden layer, from Z or A = g(Z)."""
    if kind == "relu":
        return (Z > 0).astype(Z.dtype)
    if kind == "tanh":
        return 1 - A * A
    if kind == "sigmoid":
        return A * (1 - A)
    raise ValueError(f"unsupported activation {kind}")


def forward(X, Ws, bs, activations):
    As, Zs = [X], []
    for l in range(len(Ws)):
        Z = Ws[l] @ As[-1] + bs[l]
        Zs.append(Z)
        As.append(activate(activations[l], Z))
    return As, Zs


def step(X, Y, Ws, bs, activations, alpha, inv_m):
    As, Zs = forward(X, Ws, bs, activations)
    dZ = As[-1] - Y
    for l in reversed(range(len(Ws))):
        dW = inv_m * (dZ @ As[l].T)
        db = inv_m * np.sum(dZ, axis=1, keepdims=True)
        if l > 0:
            dZ = (Ws[l].T @ dZ) * derivative(activations[l - 1], Zs[l - 1], As[l])
        Ws[l] -= alpha * dW
        bs[l] -= alpha * db


def cost(X, Y, Ws, bs, activations):
    """Binary cross-entropy from the logits, without overflow."""
    Z = forward(X, Ws, bs, activations)[1][-1]
    return float(np.mean(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))))


def current_rss_bytes():
    """Resident set size now (Linux /proc; elsewhere the peak so far)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def blas_description():
    try:
        config = np.show_config(mode="dicts")
        blas = config.get("Build Dependencies", {}).get("blas", {})
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # older numpy: no dict mode
        return "unknown BLAS"


def main():
    job_dir, result_path, precision = sys.argv[1:4]
    with open(os.path.join(job_dir, "job.json")) as f:
        job = json.load(f)
    dtype = np.float32 if precision == "f32" else np.float64
    sizes, m, plan = job["sizes"], job["m"], job["schedule"]

    def read(name, shape):
        return np.fromfile(os.path.join(job_dir, f"{name}.{precision}"), dtype="<f4" if precision == "f32" else "<f8").reshape(shape)

    X = read("X", (sizes[0], m))
    Y = read("Y", (sizes[-1], m))
    Ws = [read(f"W{l}", (sizes[l], sizes[l - 1])) for l in range(1, len(sizes))]
    bs = [read(f"b{l}", (sizes[l], 1)) for l in range(1, len(sizes))]
    alpha, inv_m = dtype(job["learningRate"]), dtype(1 / m)
    rss_before = current_rss_bytes()

    ms_per_step = []
    groups = plan["warmup"] + plan["samples"] + 1
    assert groups * plan["perGroup"] == job["steps"], "schedule mismatch"
    with np.errstate(over="ignore"):  # exp(-Z) of a saturated sigmoid: 1 / inf = 0, as intended
        for g in range(groups):
            start = time.perf_counter()
            for _ in range(plan["perGroup"]):
                step(X, Y, Ws, bs, job["activations"], alpha, inv_m)
            elapsed = (time.perf_counter() - start) * 1000
            if plan["warmup"] <= g < plan["warmup"] + plan["samples"]:
                ms_per_step.append(elapsed / plan["perGroup"])
        final_cost = cost(X, Y, Ws, bs, job["activations"])
    assert all(W.dtype == dtype for W in Ws), "a weight changed dtype"

    with open(result_path, "w") as f:
        json.dump({
            "msPerStep": ms_per_step,
            "finalCost": final_cost,
            "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "rssBeforeTraining": rss_before,
            "device": f"numpy {np.__version__}, {blas_description()}",
        }, f)


if __name__ == "__main__":
    main()
