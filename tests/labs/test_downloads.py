"""End-to-end tests of the download path of labs/data.py against a local HTTP server.

A server on 127.0.0.1 (started here, on a free port) serves small files in the official formats:
a CIFAR-10 python archive (gzipped tar of pickled batches) and the four MNIST IDX files (gzip).
The loaders are pointed at it through `LABS_DATA_SOURCES` with the files' real SHA-256
checksums, and the real download code runs: download, verify, cache, parse, then a second run
that reads the cache without a request. A corrupted body, a stalled server and a transfer cut
short must each end in a clear `DownloadError` and leave no file in the cache.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from booktools.bench.lab_memory import write_cifar10, write_mnist
from labs import data

PER_BATCH = 30  # images per CIFAR-10 batch in the small archive (the real one has 10,000)


class Server:
    """Serves the files of `folder` under /ok/, /corrupt/ (one byte flipped), /stall/ (no answer
    until released) and /cut/ (announces the full length, sends half, closes). Counts requests."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.requests: list[str] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def do_GET(self):
                server.requests.append(self.path)
                _, mode, name = self.path.split("/", 2)
                body = (server.folder / name).read_bytes()
                if mode == "stall":
                    server.release.wait(30)
                    return
                if mode == "corrupt":
                    body = body[:100] + bytes([body[100] ^ 0xFF]) + body[101:]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if mode == "cut":
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, mode: str, name: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{mode}/{name}"

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("published")
    write_cifar10(folder / "cifar-10-python.tar.gz", per_batch=PER_BATCH)
    mnist = write_mnist(folder, n_train=50, n_test=20)
    return folder, {"cifar10": "cifar-10-python.tar.gz", **{f"mnist/{k}": p.name for k, p in mnist.items()}}


@pytest.fixture(scope="module")
def server(files):
    srv = Server(files[0])
    yield srv
    srv.close()


def point_at(server, files, tmp_path, monkeypatch, mode="ok") -> Path:
    """Cache in tmp_path/cache; every source a URL of `mode` with the file's real checksum."""
    folder, names = files
    table = {}
    for key, name in names.items():
        blob = (folder / name).read_bytes()
        table[key] = {"url": server.url(mode, name), "sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob)}
    sources = tmp_path / "sources.json"
    sources.write_text(json.dumps(table), encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv(data.CACHE_VAR, str(cache))
    monkeypatch.setenv(data.SOURCES_VAR, str(sources))
    return cache


def cached_files(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


def test_cifar10_download_verify_cache_parse_then_from_cache(server, files, tmp_path, monkeypatch):
    cache = point_at(server, files, tmp_path, monkeypatch)
    before = len(server.requests)
    first = data.load_cifar10(timeout=5)
    assert len(server.requests) == before + 1
    assert cached_files(cache) == [cache / "cifar-10-python.tar.gz"]
    assert first.X_train.shape == (5 * PER_BATCH, 3, 32, 32) and first.X_test.shape == (PER_BATCH, 3, 32, 32)
    assert first.X_train.dtype == np.float32 and 0.0 <= first.X_train.min() and first.X_train.max() <= 1.0
    assert first.y_train.dtype == np.int64 and set(np.unique(first.y_train)) <= set(range(10))
    # the pixels are the archive's bytes / 255, in the archive's order
    import pickle
    import tarfile

    with tarfile.open(cache / "cifar-10-python.tar.gz") as tar:
        batch = pickle.load(tar.extractfile("cifar-10-batches-py/data_batch_2"), encoding="bytes")
    np.testing.assert_allclose(first.X_train[PER_BATCH:2 * PER_BATCH].reshape(PER_BATCH, -1),
                               batch[b"data"] / np.float32(255), rtol=1e-6)
    assert first.y_train[PER_BATCH:2 * PER_BATCH].tolist() == batch[b"labels"]
    second = data.load_cifar10(timeout=5)
    assert len(server.requests) == before + 1, "the second run reads the verified cache"
    np.testing.assert_array_equal(second.X_train, first.X_train)


def test_mnist_download_verify_cache_parse_then_from_cache(server, files, tmp_path, monkeypatch):
    cache = point_at(server, files, tmp_path, monkeypatch)
    before = len(server.requests)
    first = data.load_mnist(timeout=5)
    assert len(server.requests) == before + 4
    assert [p.name for p in cached_files(cache / "mnist")] == sorted(
        Path(r.url).name for r in data.MNIST.values())
    assert first.X_train.shape == (50, 1, 28, 28) and first.X_test.shape == (20, 1, 28, 28)
    assert first.X_train.dtype == np.float32 and first.X_train.max() <= 1.0
    assert first.y_train.shape == (50,) and first.y_test.shape == (20,)
    second = data.load_mnist(timeout=5)
    assert len(server.requests) == before + 4
    np.testing.assert_array_equal(second.X_test, first.X_test)


def test_a_corrupted_download_is_an_error_and_leaves_nothing(server, files, tmp_path, monkeypatch):
    cache = point_at(server, files, tmp_path, monkeypatch, mode="corrupt")
    with pytest.raises(data.DownloadError, match="SHA-256 mismatch") as info:
        data.load_cifar10(timeout=5)
    assert "Nothing was saved" in str(info.value)
    assert cached_files(cache) == []


def test_a_stalled_server_is_an_error_within_the_timeout(server, files, tmp_path, monkeypatch):
    cache = point_at(server, files, tmp_path, monkeypatch, mode="stall")
    start = time.perf_counter()
    with pytest.raises(data.DownloadError, match="could not download") as info:
        data.load_mnist(timeout=1)
    assert time.perf_counter() - start < 10
    assert "timed out" in str(info.value)
    assert cached_files(cache) == []


def test_an_interrupted_transfer_leaves_no_partial_file(server, files, tmp_path, monkeypatch):
    cache = point_at(server, files, tmp_path, monkeypatch, mode="cut")
    with pytest.raises(data.DownloadError, match="could not download"):
        data.load_cifar10(timeout=5)
    assert cached_files(cache) == []


def test_a_corrupt_file_in_the_cache_is_fetched_again(server, files, tmp_path, monkeypatch):
    cache = point_at(server, files, tmp_path, monkeypatch)
    cache.mkdir(parents=True)
    (cache / "cifar-10-python.tar.gz").write_bytes(b"half a download")
    before = len(server.requests)
    assert data.load_cifar10(timeout=5).X_train.shape[0] == 5 * PER_BATCH
    assert len(server.requests) == before + 1


def test_bad_sources_files_are_clear_errors(tmp_path, monkeypatch):
    sources = tmp_path / "sources.json"
    monkeypatch.setenv(data.SOURCES_VAR, str(sources))
    sources.write_text('{"cifar100": {"url": "x", "sha256": "y", "size": 1}}', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown data file 'cifar100'"):
        data.sources()
    sources.write_text('{"cifar10": {"url": "x"}}', encoding="utf-8")
    with pytest.raises(ValueError, match="url, sha256 and size"):
        data.sources()
    sources.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=str(sources)):
        data.sources()
    monkeypatch.delenv(data.SOURCES_VAR)
    assert data.sources()["cifar10"] == data.CIFAR10
