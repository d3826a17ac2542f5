"""`kiosk preview` renders PNGs staff can check; a broken config starts the out-of-service screen."""

import pytest
from PIL import Image

from kiosk.cli import main


@pytest.mark.parametrize("size", ["1080x1920", "1920x1080"])
def test_preview_renders_the_home_screen_at_the_asked_size(config_dir, tmp_path, size):
    out = tmp_path / f"home-{size}.png"
    assert main(["preview", "--config", str(config_dir), "--screen", "home", "--size", size, "-o", str(out)]) == 0
    w, h = (int(x) for x in size.split("x"))
    img = Image.open(out)
    assert img.size == (w, h)
    # the header is the hall's blue, not an empty or black frame
    assert img.convert("RGB").getpixel((5, 5)) == (0x0D, 0x47, 0xA1)


def test_preview_info_page_shows_a_scannable_qr(config_dir, tmp_path):
    import zxingcpp
    out = tmp_path / "info.png"
    assert main(["preview", "--config", str(config_dir), "--screen", "tile:hotline", "--lang", "en", "-o", str(out)]) == 0
    found = zxingcpp.read_barcodes(Image.open(out))
    assert [r.text for r in found] == ["tel:12345"]


def test_preview_knows_every_screen_and_suggests_a_spelling(config_dir, tmp_path, capsys):
    assert main(["preview", "--config", str(config_dir), "--screen", "hom", "-o", str(tmp_path / "x.png")]) == 2
    assert "did you mean 'home'" in capsys.readouterr().err


def _draw(ch: str, font):
    from PySide6.QtGui import QColor, QImage, QPainter
    img = QImage(64, 64, QImage.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setFont(font)
    p.drawText(8, 48, ch)
    p.end()
    return img


def test_chinese_text_renders_as_glyphs_not_boxes(qtbot):
    """Each character draws differently from a character no font has (which draws as the empty box)."""
    from PySide6.QtGui import QFont
    from ui.app import ensure_app
    font = QFont(ensure_app().font())
    font.setPixelSize(40)
    tofu = _draw("\U000f0000", font)
    text = "咸宁市政务服务中心请触摸屏幕开始燃气充值长辈模式￥，。：" 
    drawn = {ch: _draw(ch, font) for ch in text}
    assert [ch for ch, img in drawn.items() if img == tofu] == []
    assert len({bytes(img.constBits()) for img in drawn.values()}) == len(set(text))


def test_broken_config_at_start_shows_out_of_service_naming_the_problem(qtbot, config_dir):
    from ui.runtime import KioskRuntime
    path = config_dir / "menu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("flow: gas_topup", "flow: gastopup"), encoding="utf-8")
    rt = KioskRuntime(str(config_dir), log_to_file=False)
    try:
        assert rt.out_of_service
        text = rt.window.problems.text()
        assert text.startswith("menu.yaml:") and "did you mean 'gas_topup'" in text
        fixed = []
        rt.on_config_fixed = lambda: fixed.append(True)
        path.write_text(path.read_text(encoding="utf-8").replace("flow: gastopup", "flow: gas_topup"), encoding="utf-8")
        qtbot.waitUntil(lambda: bool(fixed), timeout=3000)
    finally:
        rt.close()


def test_good_config_starts_the_kiosk_with_its_database_and_simulators(qtbot, config_dir, tmp_path):
    import json
    import os
    import urllib.request
    from ui.runtime import KioskRuntime
    rt = KioskRuntime(str(config_dir), log_to_file=False, panel=True, control_port=0)
    try:
        assert not rt.out_of_service
        assert rt.window.current_screen.name == "attract"
        assert [e.kind for e in rt.audit.events()] == ["kiosk_started"]
        # every device of the shipped config is simulated, on a pty the drivers can open
        assert sorted(rt.hardware.ports()) == ["gas_reader", "id_reader", "printer"]
        assert all(os.path.exists(getattr(rt.device_config, n).port) for n in rt.hardware.ports())
        assert rt.devices.errors == {} and rt.services is not None and rt.backend is not None
        state = json.loads(urllib.request.urlopen(rt.control.url + "/", timeout=5).read())
        assert set(state) == {"printer", "id_reader", "gas_reader"}
        assert rt.panel is not None
    finally:
        rt.close()
    assert (tmp_path / "var" / "kiosk.db").exists()
