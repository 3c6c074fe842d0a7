#!/usr/bin/python3
"""The real ziggie binary on Wayland: Debian's weston with its headless backend (a private
socket in a private XDG_RUNTIME_DIR), QT_QPA_PLATFORM=wayland, and a private session bus with
sni_host.py as the panel, as on a Wayland desktop whose tray is a StatusNotifierItem host.

The item registers; Activate opens the chart window and the menu's Settings… the settings
dialog; each is a toplevel whose app_id is the desktop file name (io.ziggie.Ziggie) and which
attaches and commits a buffer (it rendered). weston's screenshooter then takes the picture
(wayland.png in ZIGGIE_SCREENSHOT_DIR), which must show more than the background.

The client's own protocol log (WAYLAND_DEBUG=client) is what is checked: it is exactly what the
compositor was told. Needs weston, qt6-wayland, dbus-daemon, python3-dbus and python3-gi."""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sni_tray_test as sni  # noqa: E402
import xvfb_tray_test as xvfb  # noqa: E402
from xvfb_tray_test import Failure, log, wait_for  # noqa: E402

WESTON_INI = """[core]
idle-time=0
[shell]
background-color=0xff46505c
panel-position=none
locking=false
animation=none
startup-animation=none
"""
BACKGROUND = (0x46, 0x50, 0x5c)
APP_ID = "io.ziggie.Ziggie"


class WaylandSession(xvfb.Session):
    def start_weston(self):
        runtime = os.path.join(self.tmp, "runtime")
        os.makedirs(runtime, mode=0o700)
        config = os.path.join(self.tmp, "weston.ini")
        with open(config, "w") as f:
            f.write(WESTON_INI)
        self.env["XDG_RUNTIME_DIR"] = runtime
        self.env["WAYLAND_DISPLAY"] = "ziggie-test"
        self.env["QT_QPA_PLATFORM"] = "wayland"
        self.env.pop("DISPLAY", None)
        # --debug lets weston-screenshooter (not launched by weston itself) take the picture.
        self.start("weston", "--backend=headless-backend.so", "--socket=ziggie-test", "--use-pixman",
                   "--width=1280", "--height=860", f"--config={config}", "--idle-time=0", "--debug",
                   log_path=os.path.join(self.tmp, "weston.log"))
        wait_for("weston's socket", lambda: os.path.exists(os.path.join(runtime, "ziggie-test")), timeout=15)
        log(f"weston headless on {runtime}/ziggie-test")


def toplevels(log_text):
    """From the client's protocol log: every xdg_toplevel with its title, app_id, surface, and
    whether that surface attached a buffer and committed after it."""
    surface_of_xdg = dict(re.findall(r"-> xdg_wm_base@\d+\.get_xdg_surface\(new id xdg_surface@(\d+), wl_surface@(\d+)\)",
                                     log_text))
    result = {}
    for xdg, toplevel in re.findall(r"-> xdg_surface@(\d+)\.get_toplevel\(new id xdg_toplevel@(\d+)\)", log_text):
        surface = surface_of_xdg.get(xdg)
        titles = re.findall(rf"-> xdg_toplevel@{toplevel}\.set_title\(\"(.*)\"\)", log_text)
        app_ids = re.findall(rf"-> xdg_toplevel@{toplevel}\.set_app_id\(\"(.*)\"\)", log_text)
        attached = re.search(rf"-> wl_surface@{surface}\.attach\(wl_buffer@\d+", log_text) is not None
        committed = re.search(rf"-> wl_surface@{surface}\.attach\(wl_buffer@\d+.*?-> wl_surface@{surface}\.commit\(\)",
                              log_text, re.S) is not None
        result[toplevel] = {"title": titles[-1] if titles else None, "app_ids": app_ids,
                            "rendered": attached and committed}
    return result


def rendered_window(session, title_prefix):
    for toplevel in toplevels(session.app_output()).values():
        if toplevel["title"] and toplevel["title"].startswith(title_prefix) and toplevel["rendered"]:
            return toplevel
    return None


def screenshot(session):
    shot_dir = os.path.join(session.tmp, "shots")
    os.makedirs(shot_dir)
    subprocess.run(["weston-screenshooter"], env=session.env, cwd=shot_dir, timeout=30, check=True,
                   capture_output=True)
    taken = [f for f in os.listdir(shot_dir) if f.endswith(".png")]
    if len(taken) != 1:
        raise Failure(f"weston-screenshooter wrote {taken}")
    os.makedirs(session.args.screenshots, exist_ok=True)
    path = os.path.join(session.args.screenshots, "wayland.png")
    shutil.copy(os.path.join(shot_dir, taken[0]), path)
    log(f"screenshot {path}")
    return path


def covered_share(path):
    """The share of the picture that is not the plain background (decoded by ImageMagick's convert)."""
    out = subprocess.run(["convert", path, "-depth", "8", "rgb:-"], capture_output=True, timeout=30, check=True).stdout
    pixels = len(out) // 3
    background = sum(1 for i in range(0, len(out), 3 * 7)  # every 7th pixel is plenty
                     if abs(out[i] - BACKGROUND[0]) + abs(out[i + 1] - BACKGROUND[1]) + abs(out[i + 2] - BACKGROUND[2]) < 6)
    return 1.0 - background / max(1, pixels // 7)


def wayland_mode(session):
    session.start_weston()
    sni.start_bus(session)
    host = sni.start_host(session)
    session.env["WAYLAND_DEBUG"] = "client"
    session.start_app()
    registered = sni.wait_event(host, lambda e: e["event"] == "item-registered" and sni.ours(session)(e), 15,
                                "the StatusNotifierItem to register under Wayland")
    log(f"item registered under Wayland (Id {registered['props'].get('Id')!r})")

    sni.item_proxy(session, registered).Activate(0, 0, dbus_interface="org.kde.StatusNotifierItem", timeout=5)
    chart = wait_for("the chart window to render", lambda: rendered_window(session, "Ziggie Control Center"), timeout=15)
    menu, entries = sni.menu_layout(session, registered)
    sni.click_menu(menu, entries, "Settings…")
    dialog = wait_for("the settings dialog to render", lambda: rendered_window(session, "Ziggie Settings"), timeout=15)
    for name, toplevel in (("chart window", chart), ("settings dialog", dialog)):
        if toplevel["app_ids"] != [APP_ID]:
            raise Failure(f"the {name}'s app_id is {toplevel['app_ids']}, expected [{APP_ID!r}]")
        log(f"{name}: title {toplevel['title']!r}, app_id {toplevel['app_ids'][0]!r}, rendered")

    # One more tick, so the picture shows what a person sees once the windows settled.
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        if session.app.poll() is not None:
            raise Failure(f"ziggie exited with {session.app.returncode}")
        time.sleep(0.1)
    path = screenshot(session)
    share = covered_share(path)
    log(f"the windows cover {share:.0%} of the screen")
    if share < 0.15:
        raise Failure(f"the screenshot is nearly all background ({share:.0%} covered)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    args.screenshots = os.environ.get("ZIGGIE_SCREENSHOT_DIR") or os.getcwd()
    for tool in ("weston", "weston-screenshooter", "dbus-daemon", "convert"):
        if not shutil.which(tool):
            print(f"[wayland] missing {tool}", flush=True)
            return 1
    started = time.monotonic()
    session = WaylandSession(args)
    try:
        wayland_mode(session)
    except Failure as failure:
        print(f"[wayland] FAIL: {failure}", flush=True)
        if session.app:
            lines = [line for line in session.app_output().splitlines() if "ziggie." in line or "wayland" in line.lower()]
            print("----- ziggie log (no protocol lines) -----\n" + "\n".join(l for l in lines if " -> " not in l
                                                                                  and " <- " not in l)[-4000:])
        weston_log = os.path.join(session.tmp, "weston.log")
        if os.path.exists(weston_log):
            print("----- weston (last 20 lines) -----\n" + "".join(open(weston_log).readlines()[-20:]), flush=True)
        return 1
    finally:
        session.close()
    if session.app.returncode not in (0, None, -signal.SIGTERM):
        print(f"[wayland] FAIL: ziggie exited with {session.app.returncode}", flush=True)
        return 1
    print(f"[wayland] PASS ({time.monotonic() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
