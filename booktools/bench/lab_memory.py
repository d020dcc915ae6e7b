"""Peak resident memory of each lab's full-mode data path, on generated files of the real size and format.

`python -m booktools.bench memory` writes a CIFAR-10 python archive (five pickled training batches
and a test batch of 10,000 × 3,072 random uint8 pixels each, gzipped tar: the official layout and
size) and the four MNIST IDX files (gzipped, 60,000 + 10,000 images of 28 × 28), points the labs at
them with their SHA-256 checksums (`LABS_DATA_SOURCES`), and runs, for every lab that loads one of
them in full mode, the cells that allocate memory (loading, preprocessing, a short stretch of
training and evaluation) in a fresh Python process. It prints each process's peak resident set
size (`ru_maxrss`). The convnet part also trains one whole full-mode epoch of the page's network
on the generated CIFAR-10 and prints its wall and CPU time (1 thread, so the CPU time is the time on
one idle core, unless
`LABS_BENCH_THREADS` says otherwise). The generated pixels are noise: only sizes and times mean
anything here. `LABS_BENCH_DATA_DIR=<folder>` keeps the generated files there for the next run;
`LABS_BENCH_CONVNET_BATCHES=30` times 30 mini-batches instead of the whole epoch and scales.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import pickle
import subprocess
import sys
import tarfile
import tempfile
import textwrap
from pathlib import Path

import numpy as np

from .. import paths

BUDGET_MB = 1500

LAB_SCRIPTS = {
    "knn": """
        from labs import knn
        from labs.data import load_images
        data = load_images("cifar10")
        assert data.name == "cifar10", data.source
        X_train, y_train = knn.flatten(data.X_train[:5000]), data.y_train[:5000]
        X_test = knn.flatten(data.X_test[:500])
        dists = knn.KNearestNeighbor().train(X_train, y_train).compute_distances(X_test)
        cv = knn.cross_validate_k(X_train, y_train, [1, 3, 5, 8, 10, 12, 15, 20, 50, 100], folds=5)
    """,
    "softmax": """
        from labs import linear
        from labs.data import load_images
        data = load_images("cifar10")
        assert data.name == "cifar10", data.source
        split = linear.prepare_data(data, reuse_memory=True)
        clf = linear.LinearClassifier("softmax", seed=0)
        clf.train(split["X_train"], split["y_train"], learning_rate=3e-2, reg=0.1, num_iters=30,
                  X_val=split["X_val"], y_val=split["y_val"], progress=False)
        svm = linear.LinearClassifier("svm", seed=0)
        svm.train(split["X_train"], split["y_train"], learning_rate=1e-2, reg=0.4, num_iters=30,
                  X_val=split["X_val"], y_val=split["y_val"], progress=False)
        print("dtype of the training matrix:", split["X_train"].dtype)
    """,
    "convnet": """
        import time
        import torch
        from labs import conv, train
        from labs.data import load_images
        torch.set_num_threads(int(os.environ.get("LABS_BENCH_THREADS", "1")))
        torch.manual_seed(0)
        data = load_images("cifar10")
        assert data.name == "cifar10", data.source
        model = conv.SmallCNN.for_data(data, channels=(32, 64), hidden=256, dropout=0.25)
        loaders = train.make_loaders(data, val_fraction=0.1, batch_size=128, seed=0)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        start, cpu = time.perf_counter(), time.process_time()
        batches = int(os.environ.get("LABS_BENCH_CONVNET_BATCHES", "0"))  # 0: the whole epoch
        if batches:
            for _, (xb, yb) in zip(range(batches), loaders.train):
                optimizer.zero_grad()
                torch.nn.functional.cross_entropy(model(conv.random_crop_flip(xb)), yb).backward()
                optimizer.step()
            seconds = (time.process_time() - cpu) / batches * len(loaders.train)
            print(f"{batches} batches of 128 timed: {seconds:.0f} s CPU per epoch of {len(loaders.train)} batches "
                  f"({torch.get_num_threads()} threads), scaled")
            print("validation accuracy (noise data):", train.evaluate(model, loaders.val, "cpu")[1])
        else:
            history = train.fit(model, loaders.train, loaders.val, epochs=1, optimizer=optimizer, device="cpu",
                                augment=conv.random_crop_flip, progress=False)
            print(f"one full-mode epoch ({loaders.train.num_examples} images, {len(loaders.train)} batches of 128, "
                  f"{torch.get_num_threads()} threads): {time.perf_counter() - start:.1f} s wall, "
                  f"{time.process_time() - cpu:.1f} s CPU")
    """,
    "mlp": """
        import torch
        from labs import mlp, train
        from labs.conv import SmallCNN
        from labs.data import load_images
        data = load_images("mnist")
        assert data.name == "mnist", data.source
        loaders = train.make_loaders(data, val_fraction=0.0, batch_size=100, seed=0)
        for model in (mlp.mlp(512, 4, init="xavier", dropout=0.3), SmallCNN.for_data(data, channels=(32, 64))):
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            for k, (xb, yb) in enumerate(loaders.train):
                optimizer.zero_grad()
                torch.nn.functional.cross_entropy(model(xb), yb).backward()
                optimizer.step()
                if k == 20:
                    break
            print("test accuracy (noise data):", train.evaluate(model, loaders.test, "cpu")[1])
    """,
}

PROLOGUE = """
import os, resource, sys
"""
EPILOGUE = """
print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
"""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_cifar10(path: Path, per_batch: int = 10_000, seed: int = 0) -> None:
    """A gzipped tar in the official CIFAR-10 python layout, with random pixels and labels."""
    rng = np.random.default_rng(seed)
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
            batch = {b"batch_label": name.encode(), b"labels": rng.integers(0, 10, per_batch).tolist(),
                     b"data": rng.integers(0, 256, (per_batch, 3072), dtype=np.uint8),
                     b"filenames": [f"{name}_{k}.png".encode() for k in range(per_batch)]}
            blob = pickle.dumps(batch, protocol=2)
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))


def write_idx(path: Path, array: np.ndarray) -> None:
    """A gzipped IDX file of unsigned bytes (magic 0x0000080N, big-endian sizes, then the values)."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def write_mnist(folder: Path, n_train: int = 60_000, n_test: int = 10_000, seed: int = 0) -> dict[str, Path]:
    rng = np.random.default_rng(seed)
    files = {"train_images": ("train-images-idx3-ubyte.gz", rng.integers(0, 256, (n_train, 28, 28))),
             "train_labels": ("train-labels-idx1-ubyte.gz", rng.integers(0, 10, n_train)),
             "test_images": ("t10k-images-idx3-ubyte.gz", rng.integers(0, 256, (n_test, 28, 28))),
             "test_labels": ("t10k-labels-idx1-ubyte.gz", rng.integers(0, 10, n_test))}
    out = {}
    for key, (name, array) in files.items():
        out[key] = folder / name
        write_idx(out[key], array)
    return out


def prepare(cache: Path) -> Path:
    """Write the generated files into the cache folder the labs read; returns the sources JSON."""
    (cache / "mnist").mkdir(parents=True, exist_ok=True)
    cifar = cache / "cifar-10-python.tar.gz"
    write_cifar10(cifar)
    table = {"cifar10": cifar}
    table.update({f"mnist/{key}": path for key, path in write_mnist(cache / "mnist").items()})
    sources = {key: {"url": f"http://127.0.0.1:9/{path.name}", "sha256": _sha256(path),
                     "size": path.stat().st_size} for key, path in table.items()}
    path = cache / "sources.json"
    path.write_text(json.dumps(sources, indent=1), encoding="utf-8")
    print(f"  generated CIFAR-10 archive: {cifar.stat().st_size:,} bytes (official: 170,498,071)")
    return path


def run_lab(name: str, cache: Path, sources: Path) -> str:
    env = {**os.environ, "LABS_MODE": "full", "LABS_DATA_DIR": str(cache), "LABS_DATA_SOURCES": str(sources),
           "LABS_DEVICE": "cpu"}
    code = PROLOGUE + textwrap.dedent(LAB_SCRIPTS[name]) + EPILOGUE
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=paths.ROOT, capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"the {name} memory run failed:\n{done.stderr[-3000:]}")
    return done.stdout


def main(labs=None) -> None:
    print(f"full-mode peak resident memory per lab, generated data of the real size (budget {BUDGET_MB} MB):")
    keep = os.environ.get("LABS_BENCH_DATA_DIR")  # reuse generated files between runs (kept there)
    with tempfile.TemporaryDirectory(prefix="labs-memory-") as tmp:
        cache = Path(keep or tmp)
        sources = cache / "sources.json" if keep and (cache / "sources.json").exists() else prepare(cache)
        for name in labs or LAB_SCRIPTS:
            for line in run_lab(name, cache, sources).strip().splitlines():
                print(f"  {name:<8} {line}", flush=True)
