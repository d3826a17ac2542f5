"""Benchmark: `kiosk run` from launch to a painted, touchable home screen, beside headless Chromium on the same page.

Each run is a new process (`kiosk run --start-screen home --report-ready FILE`, offscreen Qt); the app
writes FILE with time.time() once the home screen has been painted and the event loop has served what was
queued behind that paint, i.e. when a touch would be handled (ui/ready_report.py), and again once the
database, simulators, devices and services (started right after that paint) are up. We measure from just
before the launch to the first moment. The attract screen (what the kiosk shows on a normal start) is
timed as well, for information.

For comparison, headless Chromium screenshots a static page resembling our home screen (header, the
menu's tiles with the same labels and icons, the same bundled font, 1080x1920), from launch to exit, the
two alternating so the machine's noise hits both alike. Chromium is skipped, with a note, when absent
(`apt-get install -y chromium` on Debian; scripts/bench.sh installs it when run as root).

Both run as a deployed install would: byte-code compiled (a private PYTHONPYCACHEPREFIX, written by an
uncounted warm-up run), the database already created; the OS file cache is warm.

    python -m benchmarks.startup [--quick] [--runs N]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

RESULTS = os.path.join(ROOT, "benchmarks", "results")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# ---------------------------------------------------------------- a private kiosk
class KioskSandbox:
    """A copy of the shipped config with its data dir in a temp folder, and the environment to run it."""

    def __init__(self, tmp: str):
        self.tmp = tmp
        os.makedirs(tmp, exist_ok=True)
        self.config = os.path.join(tmp, "config")
        shutil.copytree(os.path.join(ROOT, "config"), self.config)
        path = os.path.join(self.config, "kiosk.yaml")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        text = text.replace("data_dir: ../var", f"data_dir: {os.path.join(tmp, 'var')}")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=os.path.join(tmp, "pycache"))
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed kiosk has its byte-code compiled
        self.env.pop("KIOSK_REPORT_READY", None)
        self._n = 0

    def command(self, start_screen: str, report: str) -> list[str]:
        script = os.path.join(os.path.dirname(sys.executable), "kiosk")
        launcher = [script] if os.path.exists(script) else [sys.executable, "-m", "kiosk"]
        return launcher + ["run", "--config", self.config, "--start-screen", start_screen, "--report-ready", report]

    def launch(self, start_screen: str = "home"):
        """(process, report path, launch time) of a new `kiosk run`."""
        self._n += 1
        report = os.path.join(self.tmp, f"ready-{self._n}.json")
        log = open(os.path.join(self.tmp, f"kiosk-{self._n}.log"), "wb")
        t0 = time.time()
        proc = subprocess.Popen(self.command(start_screen, report), env=self.env, cwd=self.tmp,
                                stdout=log, stderr=subprocess.STDOUT)
        log.close()
        return proc, report, t0


def wait_report(proc, path: str, key: str, timeout: float = 60.0) -> dict:
    """The ready report once it holds ``key`` (polled every 2 ms); RuntimeError if the kiosk died or hung."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if key in data:
                return data
        except (FileNotFoundError, json.JSONDecodeError):
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"kiosk run exited with {proc.returncode} before reporting {key}")
        time.sleep(0.002)
    raise RuntimeError(f"kiosk run did not report {key} within {timeout} s")


def stop(proc) -> None:
    """SIGTERM, then SIGKILL if it does not go within 10 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def kiosk_once(box: KioskSandbox, start_screen: str = "home") -> dict:
    """Seconds from launch to the first screen painted and touchable, and to everything started."""
    proc, report, t0 = box.launch(start_screen)
    try:
        ready = wait_report(proc, report, "ready_at")
        started = wait_report(proc, report, "started_at")
    finally:
        stop(proc)
    if ready.get("screen") != start_screen:
        raise RuntimeError(f"kiosk run reported screen {ready.get('screen')!r}, not {start_screen!r}")
    return {"ready_s": ready["ready_at"] - t0, "started_s": started["started_at"] - t0}


# ---------------------------------------------------------------- Chromium on the same home screen
def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def home_page_html(config_dir: str) -> str:
    """A static page like our home screen: header, title, notice, the menu's tiles (same labels, icons, font)."""
    from kiosk.config.loader import check_config
    from kiosk.texts import t
    from ui.widgets.common import icon_path

    cfg, problems = check_config(config_dir)
    if problems:
        raise RuntimeError(f"config problems: {problems}")
    font = os.path.join(ROOT, "ui", "fonts", "wqy-microhei.ttc")
    k = cfg.kiosk
    tiles = []
    for tile in cfg.menu.visible_tiles():
        icon = icon_path(tile.icon, cfg.directory)
        sub = f'<div class="sub">{html.escape(tile.subtitle.zh)}</div>' if tile.subtitle is not None else ""
        note = f'<div class="note">{html.escape(tile.notice.zh)}</div>' if tile.notice is not None else ""
        tiles.append(f'<button class="tile"><img src="file://{icon}" width="88" height="88">'
                     f'<div><div class="title">{html.escape(tile.title.zh)}</div>{sub}{note}</div></button>')
    notice = f'<div class="notice">{html.escape(cfg.menu.notice.zh)}</div>' if cfg.menu.notice is not None else ""
    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>home</title><style>
@font-face {{ font-family: Kiosk; src: url("file://{font}"); }}
html, body {{ margin: 0; width: 1080px; height: 1920px; font-family: Kiosk, sans-serif; font-size: 24px;
  background: #f4f6f9; color: #1b2430; overflow: hidden; }}
header {{ display: flex; align-items: center; gap: 16px; background: #0b4f8a; color: #fff; padding: 20px 32px; }}
header .hall {{ flex: 1; font-size: 36px; font-weight: bold; }}
header button {{ font: inherit; padding: 12px 20px; border-radius: 12px; border: 2px solid #fff;
  background: transparent; color: #fff; }}
main {{ padding: 32px; display: flex; flex-direction: column; gap: 24px; height: 1560px; }}
.top {{ display: flex; align-items: center; }}
.top h1 {{ flex: 1; font-size: 40px; margin: 0; }}
.top button {{ font: inherit; min-width: 180px; padding: 16px; border-radius: 12px; }}
.notice {{ background: #fff6d6; padding: 16px 24px; border-radius: 12px; }}
.grid {{ flex: 1; display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: repeat(4, 1fr); gap: 24px; }}
.tile {{ display: flex; align-items: center; gap: 20px; text-align: left; font: inherit; padding: 16px 24px;
  background: #fff; border: 2px solid #c9d3df; border-radius: 20px; min-height: 160px; }}
.title {{ font-size: 36px; font-weight: bold; }} .sub {{ color: #4a5a6e; }} .note {{ color: #8a4b00; }}
footer {{ display: flex; justify-content: space-between; padding: 20px 32px; background: #e6ebf1; }}
</style></head><body>
<header><div class="hall">{html.escape(k.hall_name.zh)}</div><div class="clock">10:00</div>
<button>English</button><button>{html.escape(t("header.elder_on"))}</button></header>
<main><div class="top"><h1>{html.escape(t("home.title"))}</h1>
<button>{html.escape(t("home.exit"))}</button></div>{notice}
<div class="grid">{"".join(tiles)}</div></main>
<footer><span>服务热线 {html.escape(k.help_hotline)}</span><span>终端号 {html.escape(k.terminal_id)}</span></footer>
</body></html>"""


class ChromiumSandbox:
    def __init__(self, tmp: str, binary: str, page_html: str):
        self.tmp, self.binary = tmp, binary
        self.page = os.path.join(tmp, "home.html")
        with open(self.page, "w", encoding="utf-8") as fh:
            fh.write(page_html)
        self._n = 0

    def command(self, extra: list[str]) -> list[str]:
        self._n += 1
        profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=self.tmp)  # a new profile each run: cold
        return [self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1080,1920",
                *extra, "file://" + self.page]

    def once(self) -> float:
        """Seconds from launch to exit of a headless screenshot of the page."""
        shot = os.path.join(self.tmp, f"chromium-{self._n + 1}.png")
        cmd = self.command([f"--screenshot={shot}"])
        t0 = time.time()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        elapsed = time.time() - t0
        if done.returncode != 0 or not os.path.exists(shot):
            raise RuntimeError(f"chromium failed (exit {done.returncode}, screenshot {os.path.exists(shot)})")
        return elapsed


# ---------------------------------------------------------------- the benchmark
def _stats(values: list[float]) -> dict:
    return {"median_s": round(statistics.median(values), 4), "min_s": round(min(values), 4),
            "max_s": round(max(values), 4), "runs_s": [round(v, 4) for v in values]}


def measure(quick: bool = False, runs: int | None = None) -> dict:
    runs = runs or (3 if quick else 7)
    tmp = tempfile.mkdtemp(prefix="kiosk-bench-startup-")
    try:
        box = KioskSandbox(tmp)
        binary = find_chromium()
        chromium = ChromiumSandbox(tmp, binary, home_page_html(box.config)) if binary else None
        kiosk_once(box, "home")  # warm-up, not counted: byte-code written, database created
        if chromium is not None:
            chromium.once()
        home, attract, chrome = [], [], []
        for _ in range(runs):  # alternating, so the machine's noise hits both alike
            home.append(kiosk_once(box, "home"))
            if chromium is not None:
                chrome.append(chromium.once())
            attract.append(kiosk_once(box, "attract"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ready = [r["ready_s"] for r in home]
    metrics = {"runs": runs, "home_ready": _stats(ready),
               "home_all_started": _stats([r["started_s"] for r in home]),
               "attract_ready": _stats([r["ready_s"] for r in attract])}
    median = metrics["home_ready"]["median_s"]
    targets = [{"what": "start-up to a painted, touchable home screen (median)", "value": median,
                "target": "< 0.5 s", "ok": median < 0.5}]
    notes = [f"{runs} cold runs each (a new process every time), alternating kiosk and Chromium; "
             "home: `kiosk run --start-screen home` (a session started at launch, as after a touch on the "
             "attract screen); attract: a normal start, for information. 'all_started': database, simulators, "
             "devices and services, started right after the first paint, are up."]
    if chromium is not None:
        metrics["chromium_screenshot"] = _stats(chrome)
        ratio = median / metrics["chromium_screenshot"]["median_s"]
        metrics["ratio_to_chromium"] = round(ratio, 3)
        targets.append({"what": "start-up ÷ headless Chromium on the same home screen (medians)",
                        "value": round(ratio, 3), "target": "< 0.6", "ok": ratio < 0.6})
        notes.append(f"Chromium: {binary} --headless --screenshot of a static page like our home screen, "
                     "launch to exit, a new profile each run.")
    else:
        notes.append("Chromium not installed: no comparison (apt-get install -y chromium).")
    return {"name": "startup", "metrics": metrics, "targets": targets, "notes": " ".join(notes)}


def write_result(result: dict) -> str:
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, f"{result['name']}.json")
    import platform
    out = dict(result, machine={"host": platform.node(), "cpus": os.cpu_count(), "python": platform.python_version()},
               measured_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=2)
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int)
    args = ap.parse_args(argv)
    result = measure(args.quick, args.runs)
    write_result(result)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
