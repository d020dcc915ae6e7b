"""booktools/budget.py on a hand-made page: what blocks the first paint and what does not."""
from booktools.budget import measure


def test_blocking_css_with_imports_and_sync_scripts_count_before_first_paint(tmp_path):
    (tmp_path / "a.css").write_text('@import url("b.css");\n' + "x" * 3000)
    (tmp_path / "b.css").write_text("b" * 100)
    for name in ("sync.js", "late.js", "body.js"):
        (tmp_path / name).write_text(f"// {name}\n" + "y" * 5000)
    (tmp_path / "fig.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 40)
    page = tmp_path / "page.html"
    page.write_text('<html><head><link rel="stylesheet" href="a.css?v=1"><script src="sync.js"></script>'
                    '<script defer src="late.js"></script><script>inline()</script></head>'
                    '<body><img src="fig.png"><script src="body.js"></script></body></html>')
    budget = measure(page)
    assert {p.name for p in budget.blocking} == {"page.html", "a.css", "b.css", "sync.js"}
    assert {p.name for p in budget.deferred} == {"late.js", "body.js"}
    assert {p.name for p in budget.figures} == {"fig.png"}
    assert budget.total_without_figures == budget.first_paint + sum(budget.deferred.values())
    assert budget.largest(1).startswith("fig.png") is False and "KiB" in budget.largest(2)
