"""Data sets of the labs: real downloads with checksums, and real offline fallbacks.

* CIFAR-10 and MNIST are downloaded from their publishers' servers into a cache directory
  (`LABS_DATA_DIR`, default `~/.cache/dl-course-book`), verified by SHA-256, written
  atomically (a temporary file renamed into place only after the checksum matched) and
  read from the cache next time.
* Fast mode, and full mode without network, use data that is really available offline:
  scikit-learn's bundled 8×8 handwritten digits (1,797 images of 10 classes) and, for the
  time-series lab, the Mauna Loa CO2 series bundled with statsmodels. The returned
  `ImageData.source` says which one a lab got, and the lab page prints it.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import runtime

CACHE_VAR = "LABS_DATA_DIR"
TIMEOUT_S = 30


@dataclass(frozen=True)
class Remote:
    url: str
    sha256: str
    size: int


CIFAR10 = Remote("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
                 "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce", 170_498_071)
MNIST_BASE = "https://storage.googleapis.com/cvdf-datasets/mnist/"
MNIST = {
    "train_images": Remote(MNIST_BASE + "train-images-idx3-ubyte.gz",
                           "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9_912_422),
    "train_labels": Remote(MNIST_BASE + "train-labels-idx1-ubyte.gz",
                           "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28_881),
    "test_images": Remote(MNIST_BASE + "t10k-images-idx3-ubyte.gz",
                          "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1_648_877),
    "test_labels": Remote(MNIST_BASE + "t10k-labels-idx1-ubyte.gz",
                          "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4_542),
}
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")


class DownloadError(RuntimeError):
    """A data set could not be downloaded or failed its checksum; the message says what to do."""


@dataclass
class ImageData:
    """Images as float arrays (N, C, H, W) in [0, 1] with integer labels."""
    name: str
    source: str            # human-readable origin, printed by the labs
    offline: bool          # True when this is the offline fallback
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    classes: tuple

    @property
    def image_shape(self) -> tuple:
        return self.X_train.shape[1:]


def cache_dir() -> Path:
    path = Path(os.environ.get(CACHE_VAR) or Path.home() / ".cache" / "dl-course-book")
    path.mkdir(parents=True, exist_ok=True)
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(remote: Remote, dest: Path, *, timeout: float = TIMEOUT_S, progress: bool = True) -> Path:
    """Download `remote` to `dest` unless a verified copy is there; atomic and checksummed."""
    dest = Path(dest)
    if dest.exists():
        if sha256_of(dest) == remote.sha256:
            return dest
        dest.unlink()  # a corrupt or partial file from elsewhere: fetch again
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=dest.name + ".", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        try:
            request = urllib.request.Request(remote.url, headers={"User-Agent": "dl-course-book-labs"})
            with urllib.request.urlopen(request, timeout=timeout) as response, os.fdopen(fd, "wb") as out:
                bar = _progress(remote, dest.name) if progress else None
                digest = hashlib.sha256()
                while block := response.read(1 << 20):
                    out.write(block)
                    digest.update(block)
                    if bar is not None:
                        bar.update(len(block))
                if bar is not None:
                    bar.close()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DownloadError(
                f"could not download {remote.url} ({exc}). Check your network connection, or place "
                f"the file at {dest} yourself (SHA-256 {remote.sha256}); set {CACHE_VAR} to use "
                "another cache directory") from exc
        actual = digest.hexdigest()
        if actual != remote.sha256:
            raise DownloadError(f"{remote.url}: SHA-256 mismatch (got {actual}, expected {remote.sha256}); "
                                "the download was corrupted or the file changed upstream. Nothing was saved")
        os.replace(tmp, dest)
        return dest
    finally:
        if tmp.exists():
            tmp.unlink()


def _progress(remote: Remote, name: str):
    from tqdm.auto import tqdm

    return tqdm(total=remote.size, unit="B", unit_scale=True, desc=name, file=sys.stdout)


def load_digits(test_fraction: float = 0.25, seed: int = 0) -> ImageData:
    """scikit-learn's bundled 8×8 digits, as (N, 1, 8, 8) in [0, 1], stratified split."""
    from sklearn.datasets import load_digits as sk_digits
    from sklearn.model_selection import train_test_split

    bunch = sk_digits()
    X = (bunch.images / 16.0).astype(np.float32)[:, None, :, :]
    y = bunch.target.astype(np.int64)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_fraction, random_state=seed, stratify=y)
    return ImageData("digits", "scikit-learn 8×8 handwritten digits (bundled, offline)", True,
                     X_train, y_train, X_test, y_test, tuple(str(d) for d in range(10)))


def load_cifar10(*, timeout: float = TIMEOUT_S) -> ImageData:
    """The real CIFAR-10 (50,000 + 10,000 colour 32×32 images), downloaded once."""
    archive = download(CIFAR10, cache_dir() / "cifar-10-python.tar.gz", timeout=timeout)
    arrays = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            base = os.path.basename(member.name)
            if base.startswith("data_batch_") or base == "test_batch":
                with tar.extractfile(member) as fh:
                    batch = pickle.load(fh, encoding="bytes")  # the official format is a pickle
                arrays[base] = (batch[b"data"], np.asarray(batch[b"labels"]))
    train = [arrays[f"data_batch_{i}"] for i in range(1, 6)]
    X_train = np.concatenate([x for x, _ in train]).reshape(-1, 3, 32, 32)
    y_train = np.concatenate([y for _, y in train])
    X_test = arrays["test_batch"][0].reshape(-1, 3, 32, 32)
    y_test = arrays["test_batch"][1]
    return ImageData("cifar10", "CIFAR-10 (Krizhevsky, 2009), downloaded", False,
                     (X_train / 255.0).astype(np.float32), y_train.astype(np.int64),
                     (X_test / 255.0).astype(np.float32), y_test.astype(np.int64), CIFAR10_CLASSES)


def _read_idx(path: Path) -> np.ndarray:
    with gzip.open(path, "rb") as fh:
        data = fh.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(*, timeout: float = TIMEOUT_S) -> ImageData:
    """The real MNIST (60,000 + 10,000 grey 28×28 digits), downloaded once."""
    files = {key: download(remote, cache_dir() / "mnist" / Path(remote.url).name, timeout=timeout)
             for key, remote in MNIST.items()}
    to_float = lambda a: (a.astype(np.float32) / 255.0)[:, None, :, :]
    return ImageData("mnist", "MNIST (LeCun et al., 1998), downloaded", False,
                     to_float(_read_idx(files["train_images"])), _read_idx(files["train_labels"]).astype(np.int64),
                     to_float(_read_idx(files["test_images"])), _read_idx(files["test_labels"]).astype(np.int64),
                     tuple(str(d) for d in range(10)))


def load_images(full_data: str) -> ImageData:
    """What a lab trains on: `full_data` ("cifar10" or "mnist") in full mode, digits in fast mode.

    In full mode without network the lab falls back to the digits and says so.
    """
    loaders = {"cifar10": load_cifar10, "mnist": load_mnist}
    if full_data not in loaders:
        raise ValueError(f"unknown data set {full_data!r}; use one of {sorted(loaders)}")
    if not runtime.is_full():
        return load_digits()
    try:
        return loaders[full_data]()
    except DownloadError as exc:
        print(f"[labs] {exc}\n[labs] Falling back to the offline digits data set; results will differ "
              "from the reference numbers.", file=sys.stderr)
        return load_digits()


def load_co2_series() -> tuple[np.ndarray, str]:
    """Weekly atmospheric CO2 at Mauna Loa (ppm), bundled with statsmodels; gaps interpolated."""
    from statsmodels.datasets import co2

    frame = co2.load_pandas().data
    values = frame["co2"].interpolate().bfill().to_numpy(dtype=np.float64)
    return values, "Mauna Loa weekly atmospheric CO2, 1958–2001 (statsmodels `co2`, bundled, offline)"
