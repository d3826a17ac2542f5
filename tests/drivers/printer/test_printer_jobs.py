"""Print jobs in the database and the Qt print service: printed only when healthy to the end, failed ones kept."""

import pytest

from drivers.printer.document import KeyValue, Receipt, Text, Cut
from drivers.printer.jobs import JobStatus, JobStore, PrintService
from kiosk.storage.db import open_database


@pytest.fixture
def store(tmp_path):
    engine, sessions = open_database(f"sqlite:///{tmp_path / 'kiosk.db'}")
    yield JobStore(sessions)
    engine.dispose()


@pytest.fixture
def service(printer, store):
    s = PrintService(printer, store)
    yield s
    s.close()


RECEIPT = Receipt((Text("燃气购气凭证"), KeyValue("金额", "￥50.00"), Cut()))


def test_job_is_printed_with_progress_and_recorded(qtbot, service, store, sim):
    progress = []
    service.progressed.connect(lambda job, pct: progress.append(pct))
    with qtbot.waitSignal(service.finished, timeout=10000) as blocker:
        job_id = service.submit(RECEIPT, "gas_receipt")
    assert blocker.args == [job_id]
    assert progress and progress[-1] == 100
    job = store.get(job_id)
    assert job.status == JobStatus.PRINTED.value and job.printed_at is not None and job.attempts == 1
    assert sim.wait_for_receipts(1, timeout=5)


def test_failed_job_tells_the_resident_why_and_is_kept_for_reprint(qtbot, service, store, sim):
    sim.set_paper(0)
    with qtbot.waitSignal(service.failed, timeout=10000) as blocker:
        job_id = service.submit(RECEIPT, "gas_receipt")
    jid, condition, error = blocker.args
    assert jid == job_id and condition == "paper_out" and error.condition == "paper_out"
    assert "缺纸" in error.user_message("zh") and "paper" in error.user_message("en")
    job = store.get(job_id)
    assert job.status == JobStatus.FAILED.value and "paper_out" in job.reason and job.condition == "paper_out"
    assert [j.id for j in store.failed()] == [job_id]

    sim.load_paper()
    with qtbot.waitSignal(service.finished, timeout=10000):
        service.reprint(job_id)
    job = store.get(job_id)
    assert job.status == JobStatus.PRINTED.value and job.attempts == 2 and job.reason is None
    assert store.failed() == []


def test_job_left_printing_by_a_crash_is_marked_failed_at_start(store):
    job_id = store.add(RECEIPT, "credit_report")
    store.mark_printing(job_id)
    assert store.recover_interrupted() == 1
    job = store.get(job_id)
    assert job.status == JobStatus.FAILED.value and "interrupted" in job.reason


def test_stored_document_prints_the_same_receipt(store):
    job_id = store.add(RECEIPT, "gas_receipt", session_id="s-1")
    assert store.get(job_id).receipt() == RECEIPT
