"""The benchmark runner's table: a reused result says where it came from; a quick run is never reused."""

import json

from benchmarks import run_all


def _write(folder, name, **extra):
    doc = {"machine": {"git_commit": "debf5949141e387e", "date": "2026-11-28T22:08:00+00:00"}, "quick": False,
           "name": name, "status": "ok", "notes": "10000 sessions",
           "targets": [{"what": "RSS growth over the soak", "value": 1.2, "target": "< 2 %", "ok": True}],
           "info": [{"what": "database size at the end, MB", "value": 80.1}]}
    doc.update(extra)
    (folder / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")


def test_a_reused_result_names_the_commit_and_date_it_was_measured_at(tmp_path, monkeypatch):
    monkeypatch.setattr(run_all, "RESULTS", str(tmp_path))
    _write(tmp_path, "soak")
    result = run_all.reused_result("soak")
    assert result["status"] == "ok"
    assert result["reused_from"] == "commit debf5949141e, 2026-11-28T22:08:00+00:00"
    rows = run_all.table_rows([result])
    assert rows[0] == ("soak (commit debf5949141e, 2026-11-28T22:08:00+00:00)", "RSS growth over the soak", "1.2",
                       "< 2 %", "✅")
    assert all(row[0].startswith("soak (commit") for row in rows)
    assert "reused" in result["notes"]


def test_a_quick_run_is_not_reused_as_a_full_one(tmp_path, monkeypatch):
    monkeypatch.setattr(run_all, "RESULTS", str(tmp_path))
    _write(tmp_path, "soak", quick=True)
    result = run_all.reused_result("soak")
    assert result["status"] == "not run" and "quick" in result["error"]
    assert run_all.table_rows([result])[0][-1] == "not run"


def test_nothing_to_reuse_is_reported_not_run(tmp_path, monkeypatch):
    monkeypatch.setattr(run_all, "RESULTS", str(tmp_path))
    result = run_all.reused_result("soak")
    assert result["status"] == "not run" and "nothing to reuse" in result["error"]
