"""`kiosk demo` plays a resident through a service on simulated hardware and exits 0 once the paper is printed."""

import pytest

from kiosk.cli import main


@pytest.mark.parametrize("flow,card", [("credit_report", "zhang_zihan"),      # unknown to the back ends
                                       ("property_lookup", "ma_jun"),
                                       ("gas_topup", "ready")])
def test_demo_completes_the_flow_and_saves_every_screen(config_dir, tmp_path, flow, card, capsys):
    out = tmp_path / "shots"
    args = ["demo", "--config", str(config_dir), "--flow", flow, "--card", card, "--out", str(out)]
    if flow == "gas_topup":
        args += ["--time", "2026-11-28 10:00"]
    assert main(args) == 0, capsys.readouterr().err
    shots = sorted(p.name for p in out.iterdir())
    assert shots[0].startswith("01-attract") and any("receipt" in s for s in shots)
    assert "completed" in capsys.readouterr().out


@pytest.mark.parametrize("card,reason", [("sun_li", "stopped at refused"), ("nobody", "no card 'nobody'")])
def test_demo_says_why_it_failed(config_dir, tmp_path, capsys, card, reason):
    args = ["demo", "--config", str(config_dir), "--flow", "credit_report", "--card", card,
            "--out", str(tmp_path / "x"), "--timeout", "10"]
    assert main(args) == 1
    assert reason in capsys.readouterr().err
