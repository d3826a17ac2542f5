"""The benchmark script runs end to end and writes its numbers (it measures; tests never time)."""

import json

from drivers.idcard import bench


def test_bench_writes_read_pull_and_silence_figures(tmp_path):
    out = tmp_path / "bench.json"
    assert bench.main(["--runs", "1", "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    assert {"full_read_s", "pulled_mid_read_reported_after_s", "silent_reader_reported_after_s"} <= set(results)
