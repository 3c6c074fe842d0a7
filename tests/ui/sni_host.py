#!/usr/bin/python3
"""A stand-in for a desktop panel on a private session bus: a StatusNotifierWatcher with a
StatusNotifierHost (what KDE Plasma, GNOME's AppIndicator extension, XFCE, Cinnamon and waybar
run), and optionally an org.freedesktop.Notifications server (what shows desktop notifications).

Run as a program, it serves on the bus named by DBUS_SESSION_BUS_ADDRESS and writes one JSON
object per line to stdout for everything a panel would see, so a test can wait for exactly the
D-Bus traffic it expects instead of sleeping:

  {"event": "ready", ...}                           the names are owned
  {"event": "item-registered", "item": KEY, ...}    RegisterStatusNotifierItem, with the item's properties
  {"event": "NewIcon", "item": KEY, "pixmaps": [[w, h, sha1], ...], "digest": ...}
  {"event": "NewToolTip", "item": KEY, "tooltip": {"title": ..., "body": ...}}
  {"event": "NewStatus" | "NewTitle" | "NewAttentionIcon" | "NewMenu", "item": KEY, ...}
  {"event": "item-unregistered", "item": KEY}       the item's name left the bus
  {"event": "notify", "id": N, "app_name": ..., "summary": ..., "body": ..., "hints": {...}, ...}

Every New* signal is followed by a fresh read of what it announces, as a real host does; the
host therefore sees, and reports, what each signal costs it. Needs Debian's python3-dbus and
python3-gi.

Usage: sni_host.py [--no-watcher] [--notifications]

Imported, SniHost starts this program as a child and reads its events (see the class)."""

import argparse
import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
ITEM_IFACE = "org.kde.StatusNotifierItem"
PROPS_IFACE = "org.freedesktop.DBus.Properties"
NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"

WATCHER_INTROSPECTION = """<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.kde.StatusNotifierWatcher">
    <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
    <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
    <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
    <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
    <property name="ProtocolVersion" type="i" access="read"/>
    <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
    <signal name="StatusNotifierItemUnregistered"><arg type="s"/></signal>
    <signal name="StatusNotifierHostRegistered"/>
    <signal name="StatusNotifierHostUnregistered"/>
  </interface>
  <interface name="org.freedesktop.DBus.Properties">
    <method name="Get"><arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="v" direction="out"/></method>
    <method name="GetAll"><arg type="s" direction="in"/><arg type="a{sv}" direction="out"/></method>
  </interface>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg type="s" direction="out"/></method>
  </interface>
</node>
"""


def emit(event, **fields):
    fields["event"] = event
    fields["t"] = round(time.monotonic(), 3)
    sys.stdout.write(json.dumps(fields, sort_keys=True) + "\n")
    sys.stdout.flush()


def plain(value):
    """dbus-python values as JSON-friendly Python values."""
    import dbus
    if isinstance(value, (dbus.Array, list)):
        if getattr(value, "signature", None) == "y":
            return bytes(value).hex()
        return [plain(v) for v in value]
    if isinstance(value, (dbus.Struct, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dbus.Dictionary, dict)):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, (dbus.Byte, dbus.Int16, dbus.Int32, dbus.Int64, dbus.UInt16, dbus.UInt32, dbus.UInt64)):
        return int(value)
    if isinstance(value, dbus.Double):
        return float(value)
    if isinstance(value, (dbus.String, dbus.ObjectPath, dbus.Signature, str)):
        return str(value)
    if isinstance(value, dbus.ByteArray):
        return bytes(value).hex()
    return value


def pixmap_summary(pixmaps):
    """IconPixmap a(iiay) as [[width, height, sha1 of the ARGB bytes], ...]."""
    out = []
    for width, height, data in pixmaps:
        out.append([int(width), int(height), hashlib.sha1(bytes(data)).hexdigest()[:16]])
    return out


def pixmap_digest(summary):
    """One short digest for a whole IconPixmap summary: equal digests, identical icons."""
    return hashlib.sha1(json.dumps(summary).encode()).hexdigest()[:16]


def serve(args):
    import dbus
    import dbus.service
    from dbus.mainloop.glib import DBusGMainLoop
    from gi.repository import GLib

    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    loop = GLib.MainLoop()
    items = {}  # key "service/path" -> {"sender": unique name, "service", "path"}

    def item_props(item):
        proxy = bus.get_object(item["sender"], item["path"], introspect=False)
        return proxy.GetAll(ITEM_IFACE, dbus_interface=PROPS_IFACE, timeout=5)

    def item_prop(item, name):
        proxy = bus.get_object(item["sender"], item["path"], introspect=False)
        return proxy.Get(ITEM_IFACE, name, dbus_interface=PROPS_IFACE, timeout=5)

    def tooltip(value):
        # ToolTip (sa(iiay)ss): icon name, icon pixmaps, title, body
        return {"icon": str(value[0]), "title": str(value[2]), "body": str(value[3])}

    def describe(props):
        out = {}
        for key, value in props.items():
            key = str(key)
            if key in ("IconPixmap", "AttentionIconPixmap", "OverlayIconPixmap"):
                out[key] = pixmap_summary(value)
            elif key == "ToolTip":
                out[key] = tooltip(value)
            else:
                out[key] = plain(value)
        return out

    def on_item_signal(*signal_args, key=None, member=None):
        item = items.get(key)
        if not item:
            return
        fields = {"item": key}
        try:
            if member == "NewIcon":
                pixmaps = pixmap_summary(item_prop(item, "IconPixmap"))
                fields["pixmaps"] = pixmaps
                fields["digest"] = pixmap_digest(pixmaps)
            elif member == "NewToolTip":
                fields["tooltip"] = tooltip(item_prop(item, "ToolTip"))
            elif member == "NewStatus":
                fields["status"] = str(signal_args[0]) if signal_args else str(item_prop(item, "Status"))
            elif member == "NewTitle":
                fields["title"] = str(item_prop(item, "Title"))
            elif member == "NewAttentionIcon":
                fields["attention_icon_name"] = str(item_prop(item, "AttentionIconName"))
        except dbus.DBusException as error:
            fields["error"] = str(error)
        emit(member, **fields)

    class Watcher(dbus.service.Object):
        def __init__(self):
            super().__init__(bus, WATCHER_PATH)

        @dbus.service.method(WATCHER, in_signature="s", out_signature="", sender_keyword="sender")
        def RegisterStatusNotifierItem(self, service, sender=None):
            # Qt passes its well-known name; others pass an object path on the caller.
            if service.startswith("/"):
                name, path = sender, service
            else:
                name, path = service, "/StatusNotifierItem"
            key = f"{name}{path}"
            fresh = key not in items
            items[key] = {"sender": sender, "service": name, "path": path, "pid": None}
            if fresh:
                for member in ("NewIcon", "NewToolTip", "NewStatus", "NewTitle", "NewAttentionIcon", "NewMenu"):
                    bus.add_signal_receiver(
                        lambda *a, _k=key, _m=member: on_item_signal(*a, key=_k, member=_m),
                        signal_name=member, dbus_interface=ITEM_IFACE, bus_name=sender, path=path)
            try:
                props = describe(item_props(items[key]))
            except dbus.DBusException as error:
                props = {"error": str(error)}
            try:
                daemon = bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus", introspect=False)
                pid = int(daemon.GetConnectionUnixProcessID(sender, dbus_interface="org.freedesktop.DBus"))
            except dbus.DBusException:
                pid = None
            items[key]["pid"] = pid
            emit("item-registered", item=key, service=name, path=path, sender=str(sender), argument=str(service),
                 pid=pid, props=props)
            self.StatusNotifierItemRegistered(key)

        @dbus.service.method(WATCHER, in_signature="s", out_signature="")
        def RegisterStatusNotifierHost(self, service):
            self.StatusNotifierHostRegistered()

        @dbus.service.signal(WATCHER, signature="s")
        def StatusNotifierItemRegistered(self, service):
            pass

        @dbus.service.signal(WATCHER, signature="s")
        def StatusNotifierItemUnregistered(self, service):
            pass

        @dbus.service.signal(WATCHER, signature="")
        def StatusNotifierHostRegistered(self):
            pass

        # Qt 6.4 reads IsStatusNotifierHostRegistered through QDBusInterface, which only knows
        # the properties that introspection lists: dbus-python lists none by itself.
        @dbus.service.method("org.freedesktop.DBus.Introspectable", in_signature="", out_signature="s")
        def Introspect(self):
            return WATCHER_INTROSPECTION

        @dbus.service.method(PROPS_IFACE, in_signature="ss", out_signature="v")
        def Get(self, interface, name):
            return self.GetAll(interface)[name]

        @dbus.service.method(PROPS_IFACE, in_signature="s", out_signature="a{sv}")
        def GetAll(self, interface):
            if interface != WATCHER:
                return {}
            return {
                "RegisteredStatusNotifierItems": dbus.Array(list(items), signature="s"),
                "IsStatusNotifierHostRegistered": dbus.Boolean(True),
                "ProtocolVersion": dbus.Int32(0),
            }

    class Notifications(dbus.service.Object):
        def __init__(self):
            super().__init__(bus, NOTIFICATIONS_PATH)
            self.next_id = 1

        @dbus.service.method(NOTIFICATIONS, in_signature="susssasa{sv}i", out_signature="u", sender_keyword="sender")
        def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout, sender=None):
            nid = int(replaces_id) or self.next_id
            self.next_id += 1
            emit("notify", id=nid, app_name=str(app_name), replaces_id=int(replaces_id), icon=str(app_icon),
                 summary=str(summary), body=str(body), actions=plain(actions), hints=plain(hints),
                 timeout=int(timeout), sender=str(sender))
            return dbus.UInt32(nid)

        @dbus.service.method(NOTIFICATIONS, in_signature="", out_signature="as")
        def GetCapabilities(self):
            return ["body", "actions"]

        @dbus.service.method(NOTIFICATIONS, in_signature="u", out_signature="")
        def CloseNotification(self, nid):
            self.NotificationClosed(nid, 3)

        @dbus.service.method(NOTIFICATIONS, in_signature="", out_signature="ssss")
        def GetServerInformation(self):
            return ("ziggie-test", "ziggie", "1", "1.2")

        @dbus.service.signal(NOTIFICATIONS, signature="uu")
        def NotificationClosed(self, nid, reason):
            pass

        @dbus.service.signal(NOTIFICATIONS, signature="us")
        def ActionInvoked(self, nid, action):
            pass

    def name_owner_changed(name, old, new):
        if new:
            return
        for key, item in list(items.items()):
            if name in (item["service"], item["sender"]):
                del items[key]
                emit("item-unregistered", item=key, service=item["service"], pid=item.get("pid"))
                if watcher:
                    watcher.StatusNotifierItemUnregistered(key)

    bus.add_signal_receiver(name_owner_changed, signal_name="NameOwnerChanged",
                            dbus_interface="org.freedesktop.DBus", path="/org/freedesktop/DBus")

    names = []
    watcher = None
    if not args.no_watcher:
        watcher = Watcher()
        names.append(dbus.service.BusName(f"org.kde.StatusNotifierHost-{os.getpid()}", bus))
        names.append(dbus.service.BusName(WATCHER, bus, do_not_queue=True))
    if args.notifications:
        Notifications()
        names.append(dbus.service.BusName(NOTIFICATIONS, bus, do_not_queue=True))

    def stop(*_):
        loop.quit()
        return False

    GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGTERM, stop)
    GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGINT, stop)
    emit("ready", watcher=not args.no_watcher, notifications=args.notifications, unique_name=str(bus.get_unique_name()))
    loop.run()
    emit("stopped")


class SniHost:
    """This program as a child process on the bus at `address`, with its events in a queue.

    wait(predicate, timeout) returns the first event (a dict) from now on for which predicate
    is true; events() lists every event seen so far."""

    def __init__(self, address, log_path, watcher=True, notifications=False):
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address)
        command = ["/usr/bin/python3", os.path.abspath(__file__)]
        if not watcher:
            command.append("--no-watcher")
        if notifications:
            command.append("--notifications")
        self._log = open(log_path, "a")
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=self._log, text=True)
        self._queue = queue.Queue()
        self._seen = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wait(lambda e: e["event"] == "ready", timeout=15, what="the stand-in panel to own its names")

    def _read(self):
        for line in self.process.stdout:
            self._log.write(line)
            self._log.flush()
            try:
                event = json.loads(line)
            except ValueError:
                continue
            with self._lock:
                self._seen.append(event)
            self._queue.put(event)
        self._queue.put(None)

    def events(self):
        with self._lock:
            return list(self._seen)

    def wait(self, predicate, timeout, what="an event"):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
            try:
                event = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            if event is None:
                raise TimeoutError(f"the stand-in panel exited while waiting for {what}")
            if predicate(event):
                return event

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        self._log.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-watcher", action="store_true", help="no StatusNotifierWatcher/host")
    parser.add_argument("--notifications", action="store_true", help="also serve org.freedesktop.Notifications")
    serve(parser.parse_args())
