#!/usr/bin/env python3
"""Runs the real ziggie binary on a virtual X server.

--mode tray:   Xvfb + trayer. The tray icon must embed in trayer; clicking it must show the
               chart window; a second launch must hand over to the first and exit 0.
               Screenshots, once the history is full: chart-window.png and tray.png (the
               panel, scaled up). That the plotted points equal /api/system/history is
               checked in process, through the window's series (tests/ui/tst_chartwindow.cpp).
--mode soak:   tray and chart window open at --interval 0.1 for ZIGGIE_SOAK_SECONDS (600):
               resident memory must not grow by more than 2 MiB after a warm-up.
--mode notray: Xvfb alone. The chart window must be shown, a log line must say why, and
               the server must answer /health.

Needs Xvfb, trayer, xdotool, xwininfo (x11-utils), xsetroot (x11-xserver-utils) and
import (imagemagick).
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

WINDOW_TITLE = "Ziggie Control Center"


class Failure(Exception):
    pass


def log(message):
    print(f"[xvfb] {message}", flush=True)


def wait_for(what, predicate, timeout=20.0, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")


def free_display():
    for n in range(90, 400):
        if not os.path.exists(f"/tmp/.X{n}-lock") and not os.path.exists(f"/tmp/.X11-unix/X{n}"):
            return n
    raise Failure("no free X display number")


def run(env, *args, check=True):
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30)
    if check and result.returncode != 0:
        raise Failure(f"{' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def visible_windows(env, name):
    result = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name], env=env,
                            capture_output=True, text=True, timeout=10)
    return [w for w in result.stdout.split()]


def geometry(env, window):
    out = run(env, "xwininfo", "-id", str(window))
    values = {}
    for line in out.splitlines():
        line = line.strip()
        for key in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height"):
            if line.startswith(key + ":"):
                values[key] = int(line.split(":")[1])
    return (values["Absolute upper-left X"], values["Absolute upper-left Y"], values["Width"], values["Height"])


def http_json(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return json.loads(response.read().decode())


def timestamp_us(iso):
    # "2025-11-10T12:30:45.123456Z"
    parsed = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    return int(parsed.timestamp()) * 1_000_000 + parsed.microsecond


class Session:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="ziggie-xvfb-")
        self.processes = []
        self.display = free_display()
        self.env = dict(os.environ)
        self.env.update({
            "DISPLAY": f":{self.display}",
            "HOME": self.tmp,
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "XDG_RUNTIME_DIR": self.tmp,
            "TMPDIR": self.tmp,  # the single-instance socket lives here: never meets a real instance
            "QT_QPA_PLATFORM": "xcb",
            "QT_LOGGING_RULES": "ziggie.*.info=true",
        })
        if "LSAN_OPTIONS" not in self.env:  # only read by sanitizer builds
            here = os.path.dirname(os.path.abspath(__file__))
            self.env["LSAN_OPTIONS"] = "suppressions=" + os.path.join(here, "lsan-suppressions.txt")
        for key in ("WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "ZIGGIE_PORT", "ZIGGIE_HOST", "ZIGGIE_TOKEN"):
            self.env.pop(key, None)
        self.app = None
        self.app_log = os.path.join(self.tmp, "ziggie.log")

    def start(self, *args, log_path=None):
        out = open(log_path, "w") if log_path else subprocess.DEVNULL
        process = subprocess.Popen(list(args), env=self.env, stdout=out, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def start_x(self):
        self.start("Xvfb", f":{self.display}", "-screen", "0", "1280x860x24", "-nolisten", "tcp", "-dpi", "96")
        wait_for("Xvfb", lambda: os.path.exists(f"/tmp/.X11-unix/X{self.display}")
                 and subprocess.run(["xdotool", "getmouselocation"], env=self.env,
                                    capture_output=True).returncode == 0)
        run(self.env, "xsetroot", "-solid", "#46505c")
        log(f"Xvfb on :{self.display}")

    def start_tray(self):
        self.start("trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request", "--height", "28",
                   "--SetDockType", "true", "--transparent", "true", "--alpha", "0", "--tint", "0x2a2e33",
                   "--padding", "6", "--expand", "true",
                   "--distance", "16", "--margin", "16")
        self.tray_window = wait_for("trayer's panel", lambda: self.find_tray_window())
        log(f"trayer window {self.tray_window}")

    def find_tray_window(self):
        # trayer's visible panel: 0x200003 "panel": ("panel" "trayer")  36x28+1244+832 ...
        out = run(self.env, "xwininfo", "-root", "-tree", check=False)
        for line in out.splitlines():
            if '("panel" "trayer")' in line:
                return line.split()[0]
        return None

    def start_app(self, interval="0.5"):
        settings = os.path.join(self.tmp, "settings.ini")
        self.app = self.start(self.args.binary, "--port", "0", "--settings", settings, "--interval", interval,
                              log_path=self.app_log)
        self.port = wait_for("the 'serving' log line", self.serving_port)
        log(f"ziggie serving on port {self.port}")

    def app_output(self):
        with open(self.app_log) as f:
            return f.read()

    def serving_port(self):
        if self.app.poll() is not None:
            raise Failure(f"ziggie exited with {self.app.returncode}:\n{self.app_output()}")
        for line in self.app_output().splitlines():
            marker = "serving http://127.0.0.1:"
            if marker in line:
                return int(line.split(marker)[1].split("/")[0])
        return None

    def screenshot(self, window, name, scale=None):
        os.makedirs(self.args.screenshots, exist_ok=True)
        path = os.path.join(self.args.screenshots, name)
        command = ["import", "-window", "root"]
        x, y, w, h = geometry(self.env, window)
        pad = 0
        command += ["-crop", f"{w + 2 * pad}x{h + 2 * pad}+{max(0, x - pad)}+{max(0, y - pad)}", "+repage"]
        if scale:
            command += ["-filter", "point", "-resize", f"{scale}%"]
        run(self.env, *command, path)
        log(f"screenshot {path}")
        return path

    def close(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        shutil.rmtree(self.tmp, ignore_errors=True)


def served_history(session):
    try:
        return http_json(session.port, "/api/system/history")["samples"]
    except (OSError, ValueError, KeyError):
        return []


def tray_mode(session):
    session.start_x()
    session.start_tray()
    session.start_app()
    wait_for("the 'Tray icon shown' log line", lambda: "Tray icon shown" in session.app_output(), timeout=10)

    # The icon is embedded: trayer's panel gains a child window owned by ziggie.
    def embedded_icon():
        out = run(session.env, "xwininfo", "-tree", "-id", session.tray_window, check=False)
        for line in out.splitlines():
            if '("ziggie" "ziggie")' in line:
                return line.split()[0]
        return None
    icon = wait_for("the tray icon inside trayer", embedded_icon)
    log(f"tray icon window {icon}")
    if visible_windows(session.env, WINDOW_TITLE):
        raise Failure("the chart window is shown although a tray exists")

    # "Show charts" by activating the icon, as a person would.
    x, y, w, h = geometry(session.env, icon)
    run(session.env, "xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1")
    window = wait_for("the chart window after clicking the tray icon",
                      lambda: visible_windows(session.env, WINDOW_TITLE))[0]
    log(f"chart window {window} shown by the tray icon")
    run(session.env, "xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1")
    wait_for("the chart window to hide on a second click", lambda: not visible_windows(session.env, WINDOW_TITLE))

    # A second launch hands over to the first and exits 0.
    second = subprocess.run([session.args.binary, "--port", "0", "--settings",
                             os.path.join(session.tmp, "settings.ini")],
                            env=session.env, capture_output=True, text=True, timeout=30)
    if second.returncode != 0:
        raise Failure(f"second launch exited {second.returncode}: {second.stderr}")
    window = wait_for("the chart window after a second launch",
                      lambda: visible_windows(session.env, WINDOW_TITLE))[0]
    if session.app.poll() is not None:
        raise Failure("the first instance died")
    log("second launch exited 0 and brought the window forward")

    run(session.env, "xdotool", "windowmove", window, "40", "40")
    run(session.env, "xdotool", "windowsize", window, "820", "560")
    wait_for("a full history (30 samples)", lambda: len(served_history(session)) == 30, timeout=30)
    # Two more ticks: the very first sample (CPU 0 %, no previous counters) leaves the picture.
    first = timestamp_us(served_history(session)[0]["timestamp"])
    wait_for("the history to move on",
             lambda: timestamp_us(served_history(session)[0]["timestamp"]) > first + 600_000)
    time.sleep(0.3)  # let the last repaint land before the picture
    session.screenshot(window, "chart-window.png")
    session.screenshot(session.tray_window, "tray.png", scale=400)


def notray_mode(session):
    session.start_x()
    session.start_app()
    wait_for("the 'No system tray' log line", lambda: "No system tray available" in session.app_output())
    wait_for("the chart window", lambda: visible_windows(session.env, WINDOW_TITLE))
    health = http_json(session.port, "/health")
    if health.get("status") != "ok":
        raise Failure(f"/health answered {health}")
    time.sleep(1.5)
    if session.app.poll() is not None:
        raise Failure("ziggie stopped although its window is open")
    health = http_json(session.port, "/health")
    log(f"window shown, /health ok, clients {health.get('clients')}")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise Failure("no VmRSS")


def soak_mode(session):
    # Tray and chart window both live at 0.1 s: resident memory must stay flat after warm-up.
    seconds = int(os.environ.get("ZIGGIE_SOAK_SECONDS", "600"))
    session.start_x()
    session.start_tray()
    session.start_app(interval="0.1")
    wait_for("the 'Tray icon shown' log line", lambda: "Tray icon shown" in session.app_output(), timeout=10)
    subprocess.run([session.args.binary, "--settings", os.path.join(session.tmp, "settings.ini")],
                   env=session.env, capture_output=True, timeout=30)
    wait_for("the chart window", lambda: visible_windows(session.env, WINDOW_TITLE))
    warmup = min(60, seconds // 5)
    time.sleep(warmup)
    baseline = rss_kib(session.app.pid)
    readings = []
    deadline = time.monotonic() + seconds - warmup
    while time.monotonic() < deadline:
        time.sleep(min(10, max(0.1, deadline - time.monotonic())))
        if session.app.poll() is not None:
            raise Failure("ziggie stopped during the soak")
        readings.append(rss_kib(session.app.pid))
    growth = readings[-1] - baseline
    log(f"RSS after {warmup} s warm-up {baseline} KiB; after {seconds} s {readings[-1]} KiB "
        f"(min {min(readings)}, max {max(readings)}, growth {growth} KiB, {len(readings)} readings)")
    if growth > 2048:
        raise Failure(f"resident memory grew by {growth} KiB at 0.1 s ticks")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("tray", "notray", "soak"), required=True)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--screenshots", default=os.environ.get("ZIGGIE_SCREENSHOT_DIR") or os.getcwd())
    args = parser.parse_args()
    if os.environ.get("ZIGGIE_SCREENSHOT_DIR"):
        args.screenshots = os.environ["ZIGGIE_SCREENSHOT_DIR"]
    for tool in ("Xvfb", "xdotool", "xwininfo", "xsetroot", "import") + (("trayer",) if args.mode != "notray" else ()):
        if not shutil.which(tool):
            print(f"[xvfb] missing {tool}", flush=True)
            return 1

    session = Session(args)
    try:
        {"tray": tray_mode, "notray": notray_mode, "soak": soak_mode}[args.mode](session)
    except Failure as failure:
        print(f"[xvfb] FAIL: {failure}", flush=True)
        if session.app:
            print("----- ziggie log -----\n" + session.app_output(), flush=True)
        return 1
    finally:
        session.close()
    if session.app.returncode not in (0, None, -signal.SIGTERM):
        print(f"[xvfb] FAIL: ziggie exited with {session.app.returncode} on SIGTERM", flush=True)
        return 1
    print("[xvfb] PASS", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
