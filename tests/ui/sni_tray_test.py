#!/usr/bin/python3
"""The real ziggie binary as modern desktops meet it: Xvfb plus a private session bus (its own
dbus-daemon, never the user's) with sni_host.py standing in for the panel.

--mode sni:         a StatusNotifierWatcher/host is there from the start. The item registers;
                    its pixmaps have the advertised sizes and draw what /api/system/stats says,
                    idle and with one CPU kept busy; NewIcon and NewToolTip are sent only when
                    what they show changed (20 s at 0.5 s ticks); the dbusmenu labels are right;
                    Activate toggles the window; the item registers again with a restarted
                    host; Quit from the menu unregisters it and exits 0.
--mode late-sni:    no tray at start, so the window is shown and is the app; the watcher starts
                    5 s later: the icon registers within 5 s, and closing the window then hides
                    it instead of quitting.
--mode late-xembed: the same with trayer (an XEmbed tray) started 5 s later; then trayer
                    restarts and the icon docks in the new one.
--mode notify:      a stand-in org.freedesktop.Notifications server on the same bus receives
                    the fleet alerts of a made-up remote host (CPU over the threshold, host
                    down) with their summary and body, once per episode.

Needs Xvfb, dbus-daemon, xdotool, xwininfo, trayer (late-xembed) and Debian's python3-dbus,
python3-gi, python3-xlib and python3-websockets."""

import argparse
import asyncio
import datetime
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xvfb_tray_test as xvfb  # noqa: E402  (Session, wait_for, Failure, ...)
from sni_host import SniHost, pixmap_digest, pixmap_summary  # noqa: E402

from xvfb_tray_test import Failure, log, wait_for  # noqa: E402

WINDOW_TITLE = xvfb.WINDOW_TITLE
ICON_SIZES = [16, 22, 24, 32, 44, 48, 64]  # TrayIconRenderer::Sizes
MENU = ["Show Charts", "Open Web Dashboard", "-", "Copy Dashboard URL", "Copy Authenticated URL", "-",
        "Settings…", "Start at Login", "-", "Quit"]
CPU_COLOR = (0x1d, 0x99, 0xf3)  # metricColor(Metric::Cpu)


# ---------------------------------------------------------------------------------------------
# The private bus and the pieces every mode needs

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def start_bus(session):
    """A dbus-daemon of our own with no service directories, so nothing is ever activated."""
    config = os.path.join(session.tmp, "bus.conf")
    with open(config, "w") as f:
        f.write(BUS_CONFIG.format(socket=os.path.join(session.tmp, "bus")))
    bus = subprocess.Popen(["dbus-daemon", "--config-file", config, "--nofork", "--nopidfile", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    session.processes.append(bus)
    if not select.select([bus.stdout], [], [], 10)[0]:
        raise Failure("dbus-daemon printed no address within 10 s")
    address = bus.stdout.readline().strip()
    if not address:
        raise Failure("dbus-daemon did not start")
    session.env["DBUS_SESSION_BUS_ADDRESS"] = address
    session.bus_address = address
    import dbus
    session.bus = dbus.bus.BusConnection(address)
    log(f"private session bus {address}")
    return address


def start_host(session, notifications=False, watcher=True):
    host = SniHost(session.bus_address, os.path.join(session.tmp, "sni_host.log"),
                   watcher=watcher, notifications=notifications)
    session.processes.append(host.process)
    return host


def wait_event(host, predicate, timeout, what):
    try:
        return host.wait(predicate, timeout, what)
    except TimeoutError as error:
        raise Failure(str(error)) from None


def ours(session):
    return lambda e: e.get("pid") == session.app.pid


def item_proxy(session, registered):
    return session.bus.get_object(registered["sender"], registered["path"], introspect=False)


def item_property(session, registered, name):
    return item_proxy(session, registered).Get("org.kde.StatusNotifierItem", name,
                                               dbus_interface="org.freedesktop.DBus.Properties", timeout=5)


def window_shown(session):
    return bool(xvfb.visible_windows(session.env, WINDOW_TITLE))


def close_window(session):
    """What the window manager does for the close button: WM_DELETE_WINDOW to the window
    (to every visible window of that title: a message to a window that is not ours is ignored)."""
    from Xlib import X, display, protocol
    d = display.Display(session.env["DISPLAY"])
    try:
        protocols = d.intern_atom("WM_PROTOCOLS")
        delete = d.intern_atom("WM_DELETE_WINDOW")
        for window_id in xvfb.visible_windows(session.env, WINDOW_TITLE):
            window = d.create_resource_object("window", int(window_id))
            event = protocol.event.ClientMessage(window=window, client_type=protocols,
                                                 data=(32, [delete, X.CurrentTime, 0, 0, 0]))
            window.send_event(event, event_mask=X.NoEventMask)
        d.flush()
    finally:
        d.close()


def expect_window_hides_and_app_stays(session):
    # A loaded machine can map the window before Qt listens for WM_PROTOCOLS on it; the close
    # button is then pressed again, as a user would, every 2 s. A quit is still caught below.
    deadline = time.monotonic() + 12
    while window_shown(session):
        if time.monotonic() > deadline:
            raise Failure("timed out after 12 s waiting for the chart window to hide after closing it")
        if session.app.poll() is not None:
            raise Failure(f"closing the window quit ziggie (exit {session.app.returncode}) although the icon is docked")
        close_window(session)
        try:
            wait_for("the chart window to hide", lambda: not window_shown(session), timeout=2)
        except Failure:
            pass
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:  # a quit would take effect within this (1 s goodbye at most)
        if session.app.poll() is not None:
            raise Failure(f"closing the window quit ziggie (exit {session.app.returncode}) although the icon is docked")
        time.sleep(0.1)
    health = xvfb.http_json(session.port, "/health")
    if health.get("status") not in ("ok", "degraded"):
        raise Failure(f"/health answered {health}")
    log("closing the window hid it; ziggie keeps serving")


def start_without_tray(session):
    session.start_app()
    wait_for("the 'No system tray' log line", lambda: "No system tray available" in session.app_output(), timeout=10)
    wait_for("the chart window (no tray yet)", lambda: window_shown(session))
    log("no tray: the chart window is shown")


# ---------------------------------------------------------------------------------------------
# Icon pixels

def argb_pixel(data, size, x, y):
    offset = (y * size + x) * 4
    return tuple(data[offset:offset + 4])  # A, R, G, B (network byte order)


def cpu_bar_height(pixmaps):
    """Filled pixels of the CPU bar in the 64 px pixmap, counted down its middle column."""
    for width, height, data in pixmaps:
        if width == 64 and height == 64:
            data = bytes(data)
            margin = gap = 64 // 16
            bar = (64 - 2 * margin - 2 * gap) // 3
            left = (64 - 3 * bar - 2 * gap) // 2
            x = left + bar // 2
            filled = 0
            for y in range(margin, 64 - margin):
                a, r, g, b = argb_pixel(data, 64, x, y)
                if a == 255 and abs(r - CPU_COLOR[0]) + abs(g - CPU_COLOR[1]) + abs(b - CPU_COLOR[2]) < 12:
                    filled += 1
            return filled
    raise Failure("no 64 px pixmap in IconPixmap")


def expected_height(percent, size=64):
    height = size - 2 * max(1, size // 16)
    filled = int(percent / 100.0 * height + 0.5)
    return max(filled, 1) if percent > 0 else filled


def stats_after(session, wall_time):
    """The first /api/system/stats sample taken after wall_time (a time.time() value)."""
    def newer():
        stats = xvfb.http_json(session.port, "/api/system/stats")
        return stats if xvfb.timestamp_us(stats["timestamp"]) > wall_time * 1e6 else None
    return wait_for("a sample after the load changed", newer, timeout=5)


def icon_matches_stats(session, registered, what):
    """The icon draws the latest sample: its CPU bar equals /api/system/stats (retried across a tick)."""
    last = None
    for _ in range(12):
        before = xvfb.http_json(session.port, "/api/system/stats")
        drawn = cpu_bar_height(item_property(session, registered, "IconPixmap"))
        after = xvfb.http_json(session.port, "/api/system/stats")
        if before["timestamp"] == after["timestamp"]:
            cpu = after["cpu"]["usage"]
            if drawn == expected_height(cpu):
                log(f"{what}: CPU {cpu:.1f} % drawn as {drawn} of 56 px at 64 px")
                return cpu, drawn
            last = (cpu, drawn)
        time.sleep(0.15)
    raise Failure(f"{what}: the icon's CPU bar never matched /api/system/stats (last: CPU {last})")


# ---------------------------------------------------------------------------------------------
# The modes

def menu_layout(session, registered):
    menu = session.bus.get_object(registered["sender"], str(registered["props"]["Menu"]), introspect=False)
    import dbus
    _, layout = menu.GetLayout(0, -1, dbus.Array([], signature="s"), dbus_interface="com.canonical.dbusmenu",
                               timeout=5)
    entries = []
    for child in layout[2]:
        item_id, props = int(child[0]), child[1]
        if str(props.get("type", "")) == "separator":
            entries.append(("-", item_id, props))
        else:
            entries.append((str(props.get("label", "")), item_id, props))
    return menu, entries


def click_menu(menu, entries, label):
    item_id = next(i for text, i, _ in entries if text == label)
    import dbus
    menu.Event(item_id, "clicked", dbus.String("", variant_level=1), dbus.UInt32(0),
               dbus_interface="com.canonical.dbusmenu", timeout=5)


def count_changes(events, key, before):
    """How many of these New* events announced something different from the one before."""
    changes = 0
    previous = before
    for event in events:
        value = event.get(key)
        if value != previous:
            changes += 1
        previous = value
    return changes


def sni_mode(session):
    session.start_x()
    start_bus(session)
    host = start_host(session)
    session.start_app()
    registered = wait_event(host, lambda e: e["event"] == "item-registered" and ours(session)(e), 15,
                            "ziggie's StatusNotifierItem to register")
    props = registered["props"]
    log(f"item {registered['service']} registered: Id {props.get('Id')!r}, Title {props.get('Title')!r}, "
        f"Status {props.get('Status')!r}")
    sizes = [[w, h] for w, h, _ in props["IconPixmap"]]
    if sizes != [[s, s] for s in ICON_SIZES]:
        raise Failure(f"IconPixmap sizes {sizes}, expected {ICON_SIZES}")
    for key, wanted in (("Status", "Active"), ("Category", "ApplicationStatus"), ("ItemIsMenu", False)):
        if props.get(key) != wanted:
            raise Failure(f"{key} is {props.get(key)!r}, expected {wanted!r}")
    tooltip = props["ToolTip"]
    first = tooltip["title"].split("\n")[0]
    if not re.fullmatch(r"Ziggie — CPU \d+ %", first):
        raise Failure(f"the tooltip starts with {first!r}, not 'Ziggie — CPU N %'")
    details = (tooltip["title"] + "\n" + tooltip["body"])
    for needle in ("Memory ", "Disk ", "dashboards connected"):
        if needle not in details:
            raise Failure(f"the tooltip lacks {needle!r}: {tooltip}")
    log(f"tooltip title {tooltip['title']!r}, body {tooltip['body']!r}")

    # The pixmaps draw the sample the server serves, idle and with one CPU kept busy. (The
    # first sample counts since boot: measure from the second tick on.)
    stats_after(session, time.time() + 0.1)
    idle_cpu, idle_bar = icon_matches_stats(session, registered, "idle")
    cpus = os.cpu_count() or 1
    busy = subprocess.Popen(["/usr/bin/python3", "-c",
                             "import time\nend = time.monotonic() + 12\nwhile time.monotonic() < end: pass"])
    session.processes.append(busy)
    try:
        floor = 80.0 / cpus
        loaded_since = time.time() + 0.6  # one whole 0.5 s interval with the child running
        wait_for(f"a sample with the busy CPU (over {floor:.0f} %)",
                 lambda: stats_after(session, loaded_since)["cpu"]["usage"] >= floor, timeout=8)
        busy_cpu, busy_bar = icon_matches_stats(session, registered, "one CPU busy")
    finally:
        busy.kill()
        busy.wait(timeout=5)
    log(f"with load the CPU bar went from {idle_bar} to {busy_bar} px (CPU {idle_cpu:.1f} → {busy_cpu:.1f} %)")

    # 20 s at 0.5 s ticks: a NewIcon (or NewToolTip) only when what it shows changed.
    start = len(host.events())
    last_icon = next((e["digest"] for e in reversed(host.events()) if e["event"] == "NewIcon"), None)
    if last_icon is None:
        last_icon = pixmap_digest(pixmap_summary(item_property(session, registered, "IconPixmap")))
    last_tip = next((e["tooltip"] for e in reversed(host.events()) if e["event"] == "NewToolTip"),
                    registered["props"]["ToolTip"])
    time.sleep(20)
    window = [e for e in host.events()[start:] if e.get("item") == registered["item"]]
    icons = [e for e in window if e["event"] == "NewIcon"]
    tips = [e for e in window if e["event"] == "NewToolTip"]
    icon_changes = count_changes(icons, "digest", last_icon)
    tip_changes = count_changes(tips, "tooltip", last_tip)
    log(f"20 s at 0.5 s: {len(icons)} NewIcon ({icon_changes} with a different icon), "
        f"{len(tips)} NewToolTip ({tip_changes} with a different tooltip)")
    if len(icons) > icon_changes + 2:
        raise Failure(f"{len(icons)} NewIcon signals for {icon_changes} icon changes")
    if len(tips) > tip_changes + 2:
        raise Failure(f"{len(tips)} NewToolTip signals for {tip_changes} tooltip changes")

    # The menu as the panel shows it.
    menu, entries = menu_layout(session, registered)
    labels = [text for text, _, _ in entries]
    if labels != MENU:
        raise Failure(f"dbusmenu labels {labels}, expected {MENU}")
    toggles = {text: str(p.get("toggle-type", "")) for text, _, p in entries}
    if toggles["Show Charts"] != "checkmark" or toggles["Start at Login"] != "checkmark":
        raise Failure(f"Show Charts and Start at Login are not check items: {toggles}")
    log(f"dbusmenu: {labels}")

    # Activate (a left click on the icon) toggles the window.
    item = item_proxy(session, registered)
    item.Activate(0, 0, dbus_interface="org.kde.StatusNotifierItem", timeout=5)
    wait_for("the chart window after Activate", lambda: window_shown(session), timeout=10)
    item.Activate(0, 0, dbus_interface="org.kde.StatusNotifierItem", timeout=5)
    wait_for("the chart window to hide after a second Activate", lambda: not window_shown(session), timeout=10)
    log("Activate shows and hides the chart window")

    # The panel restarts: the item registers with the new watcher by itself.
    host.stop()
    host = start_host(session)
    again = wait_event(host, lambda e: e["event"] == "item-registered" and ours(session)(e), 10,
                       "the item to register with the restarted host")
    log(f"item registered again with the new host ({again['service']})")

    # Quit from the menu: the item leaves the bus and ziggie exits 0.
    menu, entries = menu_layout(session, again)
    click_menu(menu, entries, "Quit")
    wait_event(host, lambda e: e["event"] == "item-unregistered" and ours(session)(e), 10,
               "the item to unregister after Quit")
    code = session.app.wait(timeout=10)
    if code != 0:
        raise Failure(f"ziggie exited with {code} after Quit")
    log("Quit unregistered the item and exited 0")


def late_sni_mode(session):
    session.start_x()
    start_bus(session)
    start_without_tray(session)
    time.sleep(5)  # the panel starts after the app, as it often does at login
    host = start_host(session)
    started = time.monotonic()
    registered = wait_event(host, lambda e: e["event"] == "item-registered" and ours(session)(e), 5,
                            "the icon to register with the late watcher")
    log(f"icon registered {time.monotonic() - started:.1f} s after the watcher appeared")
    expect_window_hides_and_app_stays(session)
    item_proxy(session, registered).Activate(0, 0, dbus_interface="org.kde.StatusNotifierItem", timeout=5)
    wait_for("the chart window after Activate", lambda: window_shown(session), timeout=10)
    log("Activate brings the window back")


def embedded_icon(session):
    out = xvfb.run(session.env, "xwininfo", "-tree", "-id", session.tray_window, check=False)
    for line in out.splitlines():
        if '("ziggie" "ziggie")' in line:
            return line.split()[0]
    return None


def late_xembed_mode(session):
    session.start_x()
    start_bus(session)  # a bus without a watcher: only XEmbed will do
    start_without_tray(session)
    time.sleep(5)
    started = time.monotonic()
    session.start_tray()
    icon = wait_for("the icon to embed in the late trayer", lambda: embedded_icon(session),
                    timeout=max(0.5, 5 - (time.monotonic() - started)))
    log(f"icon embedded {time.monotonic() - started:.1f} s after trayer started")
    expect_window_hides_and_app_stays(session)
    x, y, w, h = xvfb.geometry(session.env, icon)
    xvfb.run(session.env, "xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1")
    wait_for("the chart window after clicking the icon", lambda: window_shown(session), timeout=10)
    log("clicking the icon brings the window back")

    # The panel restarts: the icon docks in the new tray.
    trayer = next(p for p in session.processes if p.args and p.args[0] == "trayer")
    trayer.terminate()
    trayer.wait(timeout=10)
    session.processes.remove(trayer)
    session.start_tray()
    started = time.monotonic()
    wait_for("the icon to embed in the restarted trayer", lambda: embedded_icon(session), timeout=10)
    log(f"icon embedded again {time.monotonic() - started:.1f} s after trayer restarted")


# --- notify: a made-up remote Ziggie whose CPU the test sets ----------------------------------

class FakeHost:
    """Serves /ws like a Ziggie instance: a history, then one system_stats every 0.2 s with self.cpu."""

    def __init__(self):
        import websockets
        self.cpu = 10.0
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.server = None
        self.connections = set()
        self.websockets = websockets
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        if not self.ready.wait(10):
            raise Failure("the made-up remote host did not start")

    def _run(self):
        asyncio.set_event_loop(self.loop)

        async def handler(ws, path=None):
            self.connections.add(ws)
            try:
                await ws.send(json.dumps({"type": "history", "samples": []}))
                while True:
                    await ws.send(json.dumps(self.sample()))
                    await asyncio.sleep(0.2)
            except self.websockets.ConnectionClosed:
                pass
            finally:
                self.connections.discard(ws)

        async def start():
            self.server = await self.websockets.serve(handler, "127.0.0.1", 0)
            self.port = self.server.sockets[0].getsockname()[1]
            self.ready.set()

        self.loop.run_until_complete(start())
        self.loop.run_forever()

    def sample(self):
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return {"type": "system_stats", "timestamp": now, "cpu": {"usage": self.cpu},
                "memory": {"percent": 40.0, "used_gb": 6.4, "total_gb": 16.0},
                "disk": {"percent": 50.0, "used_gb": 250.0, "total_gb": 500.0}}

    def stop(self):
        async def shut():
            self.server.close()
            for ws in list(self.connections):
                await ws.close(1001)
            await self.server.wait_closed()
        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(10)

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def qsettings_hosts(hosts):
    """fleet/hosts as QSettings writes a QVariantList of QVariantMaps into an INI file
    (QDataStream version Qt_4_0, every byte escaped)."""
    def qstring(text):
        data = text.encode("utf-16-be")
        return struct.pack(">I", len(data)) + data
    raw = struct.pack(">II", 9, len(hosts))  # QMetaType::QVariantList, count
    for host in hosts:
        raw += struct.pack(">II", 8, len(host))  # QMetaType::QVariantMap, count
        for key in sorted(host):
            raw += qstring(key) + struct.pack(">I", 10) + qstring(host[key])  # key, QVariant(QString)
    return "@Variant(" + "".join(f"\\x{b:x}" for b in raw) + ")"


def alert_dot(pixmaps):
    """Whether the 64 px pixmap carries the red alert dot in its top-right corner."""
    for width, height, data in pixmaps:
        if width == 64 and height == 64:
            diameter = max(6, 64 * 2 // 5)
            a, r, g, b = argb_pixel(bytes(data), 64, 64 - diameter // 2, diameter // 2)
            return a == 255 and r > 180 and g < 90 and b < 90
    raise Failure("no 64 px pixmap in IconPixmap")


def notify_mode(session):
    session.start_x()
    start_bus(session)
    host = start_host(session, notifications=True)
    remote = FakeHost()
    try:
        settings = os.path.join(session.tmp, "settings.ini")
        # A threshold of 100 %: this machine (shared with builds) never exceeds it, so every
        # alert is the made-up host's, which reports 120 % when the test wants one.
        with open(settings, "w") as f:
            f.write("[fleet]\nalert_cpu_percent=100\nalert_sustain_s=1\nalert_host_down=true\n")
            f.write("hosts=" + qsettings_hosts([{"name": "lab-1", "url": f"http://127.0.0.1:{remote.port}",
                                                 "token": ""}]) + "\n")
        session.start_app()
        registered = wait_event(host, lambda e: e["event"] == "item-registered" and ours(session)(e), 15,
                                "ziggie's StatusNotifierItem to register")
        wait_for("ziggie to connect to the made-up host lab-1", lambda: remote.connections, timeout=10)

        def cleared():
            # Qt shows the notification as the SNI tooltip for its 10 s: the icon's dot tells.
            remote.cpu = 10.0
            wait_event(host, lambda e: e["event"] == "NewIcon"
                       and not alert_dot(item_property(session, registered, "IconPixmap")), 10,
                       "the CPU alert to clear (the icon loses its dot)")

        def lab(event):
            return event["event"] == "notify" and event["summary"] == "Ziggie: lab-1"

        def notices():
            return [e for e in host.events() if lab(e)]

        def episode(cpu_text):
            remote.cpu = 120.0
            note = wait_event(host, lab, 10, f"the {cpu_text} CPU notification")
            want = "lab-1: CPU above 100 % for 1 s"
            if note["body"] != want:
                raise Failure(f"notification body {note['body']!r}, expected {want!r}")
            return note

        first = episode("first")
        log(f"notification: {first['summary']!r} / {first['body']!r} (app_name {first['app_name']!r}, "
            f"icon {first['icon']!r}, hints {first['hints']}, timeout {first['timeout']} ms)")
        # Still over the threshold for 3 s (15 more samples): no repeat.
        time.sleep(3)
        if len(notices()) != 1:
            raise Failure(f"{len(notices())} notifications during one CPU episode")
        # Back to normal; the alert clears, then a new episode notifies again.
        cleared()
        episode("second")
        if len(notices()) != 2:
            raise Failure(f"{len(notices())} notifications after two CPU episodes")
        log("one notification per CPU episode")

        # The host goes down: one notification, however many retries follow.
        cleared()
        remote.stop()
        down = wait_event(host, lab, 10, "the host-down notification")
        if not down["body"].startswith("lab-1: down ("):
            raise Failure(f"host-down body {down['body']!r}")
        log(f"notification: {down['summary']!r} / {down['body']!r}")
        time.sleep(4)  # retries after 1 s and 2 s fail meanwhile
        if len(notices()) != 3:
            raise Failure(f"{len(notices()) - 2} notifications for one host-down episode")
        for note in notices():
            if note["icon"] != "dialog-warning":
                raise Failure(f"notification icon {note['icon']!r}, expected dialog-warning (a warning)")
        log("one notification for the host-down episode")
    finally:
        remote.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("sni", "late-sni", "late-xembed", "notify"), required=True)
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    args.screenshots = os.environ.get("ZIGGIE_SCREENSHOT_DIR") or os.getcwd()
    tools = ["Xvfb", "dbus-daemon", "xdotool", "xwininfo", "xsetroot"] + (["trayer"] if args.mode == "late-xembed" else [])
    for tool in tools:
        if not shutil.which(tool):
            print(f"[sni] missing {tool}", flush=True)
            return 1
    started = time.monotonic()
    session = xvfb.Session(args)
    try:
        {"sni": sni_mode, "late-sni": late_sni_mode, "late-xembed": late_xembed_mode,
         "notify": notify_mode}[args.mode](session)
    except Failure as failure:
        print(f"[sni] FAIL: {failure}", flush=True)
        if session.app:
            print("----- ziggie log -----\n" + session.app_output(), flush=True)
        host_log = os.path.join(session.tmp, "sni_host.log")
        if os.path.exists(host_log):
            print("----- stand-in panel (last 40 lines) -----\n" + "".join(open(host_log).readlines()[-40:]), flush=True)
        return 1
    finally:
        session.close()
    if session.app.returncode not in (0, None, -signal.SIGTERM):
        print(f"[sni] FAIL: ziggie exited with {session.app.returncode}", flush=True)
        return 1
    print(f"[sni] PASS ({time.monotonic() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
