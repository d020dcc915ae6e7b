"""booktools/bench/lighthouse.py picks the median of several Lighthouse runs with Lighthouse's own
computeMedianRun (lighthouse_median.mjs), so one slow run on a busy machine does not decide."""
import json
import subprocess

from booktools import paths
from booktools.bench.lighthouse import MEDIAN_SCRIPT


def report(tmp_path, name, fcp, tti):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"audits": {"first-contentful-paint": {"numericValue": fcp},
                                           "interactive": {"numericValue": tti}}}))
    return str(path)


def test_the_median_run_is_the_one_closest_to_the_median_paint_and_interactive_times(tmp_path):
    runs = [report(tmp_path, "slow", 5000, 9000), report(tmp_path, "fast", 1000, 2900),
            report(tmp_path, "typical", 1100, 3100), report(tmp_path, "typical2", 1150, 3300),
            report(tmp_path, "fastest", 900, 2500)]
    chosen = subprocess.run(["node", str(MEDIAN_SCRIPT), *runs], check=True, capture_output=True, text=True,
                            cwd=paths.ROOT).stdout
    assert chosen == "2", chosen
