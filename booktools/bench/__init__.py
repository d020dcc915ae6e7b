"""Benchmarks that print numbers: `python -m booktools.bench [build|labs|search|weight|all]`."""
