"""`kiosk diag --device printer` against a printer at the far end of a pty: output and exit codes."""

import json

import pytest
import yaml

from kiosk.cli import main


def point_printer_at(config_dir, port, *, timeout_ms=1000):
    path = config_dir / "devices.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["printer"] = {"driver": "escpos", "port": port, "baudrate": 230400,
                       "options": {"paper": "80mm", "native_qr": True, "status_timeout_ms": timeout_ms}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def diag(config_dir, capsys, *extra):
    rc = main(["diag", "--config", str(config_dir), "--device", "printer", *extra, "--json"])
    return rc, json.loads(capsys.readouterr().out)


def test_healthy_printer_prints_a_test_receipt_and_exits_0(config_dir, sim, capsys):
    point_printer_at(config_dir, sim.port_url)
    rc, out = diag(config_dir, capsys, "--level", "external")
    assert rc == 0
    assert out["name"] == "printer" and out["port"] == sim.port_url and out["state"] == "online"
    assert out["paper"] == "ok" and out["last_error"] is None and out["healthy"] is True
    assert out["details"]["test_receipt"] == "printed"
    assert sim.wait_for_receipts(1, timeout=10)
    text = open(sim.receipts[0][1], encoding="utf-8").read()
    assert "自检凭条" in text and "￥1,234.50" in text and "（）【】《》" in text and "[二维码 QR]" in text


@pytest.mark.parametrize("fault,state,paper,action", [
    ("paper_out", "user_error", "out", "replace the paper roll"),
    ("cover_open", "user_error", "ok", "close the printer cover"),
])
def test_printer_that_cannot_print_exits_1_with_what_to_do(config_dir, sim, capsys, fault, state, paper, action):
    point_printer_at(config_dir, sim.port_url)
    sim.set_paper(0) if fault == "paper_out" else sim.open_cover()
    rc, out = diag(config_dir, capsys, "--level", "external")
    assert rc == 1
    assert out["state"] == state and out["paper"] == paper and out["recommended_action"] == action
    assert out["last_error"] and out["healthy"] is False
    assert sim.receipts == []


def test_printer_that_does_not_answer_exits_1(config_dir, sim, capsys):
    point_printer_at(config_dir, sim.port_url, timeout_ms=100)
    sim.power_off()
    rc, out = diag(config_dir, capsys, "--level", "external")
    assert rc == 1
    assert out["state"] == "not_answering" and "no answer" in out["last_error"]


def test_internal_level_reads_status_only(config_dir, sim, capsys):
    point_printer_at(config_dir, sim.port_url)
    rc, out = diag(config_dir, capsys)
    assert rc == 0 and "test_receipt" not in out["details"]
    assert sim.receipts == []


def test_missing_port_exits_1(config_dir, tmp_path, capsys):
    point_printer_at(config_dir, str(tmp_path / "no-such-tty"))
    rc, out = diag(config_dir, capsys)
    assert rc == 1 and out["state"] == "offline" and "cannot open" in out["last_error"]


def test_broken_config_exits_2_and_lists_problems(config_dir, capsys):
    path = config_dir / "devices.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("baudrate: 115200", "baudrate: 12345", 1), encoding="utf-8")
    rc = main(["diag", "--config", str(config_dir), "--device", "printer"])
    assert rc == 2
    assert "devices.yaml" in capsys.readouterr().out


def test_port_sim_starts_the_simulator_for_the_check(config_dir, capsys):
    point_printer_at(config_dir, "sim")
    rc, out = diag(config_dir, capsys, "--level", "external")
    assert rc == 0 and out["port"].startswith("/dev/") and out["details"]["simulated"] is True


def test_plain_text_output_names_state_and_action(config_dir, sim, capsys):
    point_printer_at(config_dir, sim.port_url)
    sim.open_cover()
    rc = main(["diag", "--config", str(config_dir), "--device", "printer"])
    out = capsys.readouterr().out
    assert rc == 1 and "printer: user_error" in out and "action: close the printer cover" in out
