#!/usr/bin/python3
"""Builds the .deb from a configured and built tree with CPack, in a temporary directory, and
checks it the way a user would meet it: lintian (any E: fails), the file list, the files'
cross-references (unit -> binary, desktop entry -> icon, metainfo -> desktop entry, versions),
`systemd-analyze --user verify` on the unit, and the extracted binary: --version, then
--headless --port 0 serving /health and the /ws stream until SIGTERM.

Usage: check_deb.py [--cpack CPACK] --build-dir DIR --source-dir DIR --version X.Y.Z [--keep DIR]"""

import argparse
import base64
import gzip
import json
import os
import re
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request

APP_ID = "io.ziggie.Ziggie"
MIN_ICON_SIZES = {16, 22, 24, 32, 48, 64, 128, 256}

failures = []


def fail(message):
    print("FAIL:", message, flush=True)
    failures.append(message)


def run(args, **kwargs):
    kwargs.setdefault("timeout", 120)
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def build_deb(cpack, build_dir, out_dir, version):
    r = run([cpack, "--config", os.path.join(build_dir, "CPackConfig.cmake"), "-G", "DEB", "-B", out_dir])
    if r.returncode != 0:
        raise SystemExit(f"cpack failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    debs = [f for f in os.listdir(out_dir) if f.endswith(".deb")]
    expected = f"ziggie_{version}_{arch}.deb"
    if debs != [expected]:
        raise SystemExit(f"expected {expected} in {out_dir}, found {debs}")
    deb = os.path.join(out_dir, expected)
    print(f"built {expected}: {os.path.getsize(deb)} bytes", flush=True)
    return deb


def check_control(deb, version):
    fields = run(["dpkg-deb", "-f", deb]).stdout
    print(fields.rstrip())
    control = dict(re.findall(r"^([\w-]+): (.*)$", fields, re.M))
    if control.get("Version") != version:
        fail(f"control Version {control.get('Version')!r}, expected {version!r}")
    depends = control.get("Depends", "")
    for lib in ("libc6", "libqt6core6", "libqt6network6", "libqt6websockets6"):
        if lib not in depends:
            fail(f"Depends lacks {lib} (shlibdeps did not run?): {depends!r}")
    for field in ("Maintainer", "Section", "Homepage", "Description"):
        if not control.get(field):
            fail(f"control has no {field}")


def check_lintian(deb):
    if not shutil.which("lintian"):
        fail("lintian is not installed (Debian package lintian)")
        return
    r = run(["lintian", "--display-info", deb], timeout=150)
    tags = [line for line in r.stdout.splitlines() if re.match(r"^[EWIPXNO]: ", line)]
    counts = {kind: sum(1 for t in tags if t.startswith(kind + ":")) for kind in "EWIP"}
    print(f"lintian: {counts['E']} errors, {counts['W']} warnings, {counts['I']} info", flush=True)
    for tag in tags:
        print("  lintian", tag)
    if r.returncode not in (0, 1) or counts["E"]:
        fail(f"lintian reported errors (exit {r.returncode}): {r.stderr.strip()}")


def expected_files(source_dir):
    icon_root = os.path.join(source_dir, "resources", "icons", "hicolor")
    sizes = {int(d.split("x")[0]) for d in os.listdir(icon_root) if re.fullmatch(r"\d+x\d+", d)}
    missing = MIN_ICON_SIZES - sizes
    if missing:
        fail(f"resources/icons/hicolor lacks PNG sizes {sorted(missing)}")
    files = {
        "usr/bin/ziggie",
        f"usr/share/applications/{APP_ID}.desktop",
        f"usr/share/metainfo/{APP_ID}.metainfo.xml",
        "usr/share/icons/hicolor/scalable/apps/ziggie.svg",
        "usr/share/man/man1/ziggie.1.gz",
        "usr/lib/systemd/user/ziggie.service",
        "usr/share/doc/ziggie/copyright",
        "usr/share/doc/ziggie/changelog.gz",
        "usr/share/doc/ziggie/examples/ziggie-fleet.yml",
        "usr/share/doc/ziggie/examples/ziggie-fleet.json",
    }
    files |= {f"usr/share/icons/hicolor/{s}x{s}/apps/ziggie.png" for s in sizes}
    return files


def check_file_list(deb, source_dir):
    listing = run(["dpkg-deb", "-c", deb]).stdout.splitlines()
    files = {}
    for line in listing:
        parts = line.split(None, 5)
        path = parts[5].removeprefix("./")
        if not parts[0].startswith("d"):
            files[path] = parts
        owner = parts[1]
        if owner != "root/root":
            fail(f"{path} is owned by {owner}, not root/root")
        if path.startswith(("etc/", "usr/local/", "opt/")) or "/autostart/" in path:
            fail(f"{path}: the package must install nothing there (nothing autostarts system-wide)")
    wanted = expected_files(source_dir)
    for path in sorted(wanted - files.keys()):
        fail(f"the package lacks {path}")
    for path in sorted(files.keys() - wanted):
        fail(f"the package carries an unexpected file {path}")
    if "usr/bin/ziggie" in files and files["usr/bin/ziggie"][0] != "-rwxr-xr-x":
        fail(f"usr/bin/ziggie has mode {files['usr/bin/ziggie'][0]}")
    print(f"file list: {len(files)} files, {len(wanted)} expected", flush=True)


def desktop_keys(path):
    return dict(re.findall(r"^(\w+)=(.*)$", open(path, encoding="utf-8").read(), re.M))


def check_cross_references(root, version):
    unit_path = os.path.join(root, "usr/lib/systemd/user/ziggie.service")
    unit = open(unit_path, encoding="utf-8").read()
    exec_start = re.search(r"^ExecStart=(\S+)(.*)$", unit, re.M)
    if not exec_start:
        fail("the unit has no ExecStart")
    else:
        binary = os.path.join(root, exec_start.group(1).lstrip("/"))
        if not os.access(binary, os.X_OK):
            fail(f"the unit's ExecStart {exec_start.group(1)} is not an executable in the package")
        if "--headless" not in exec_start.group(2):
            fail("the unit does not run ziggie --headless")
    for key in ("Restart=on-failure", "WantedBy=default.target", "NoNewPrivileges=yes"):
        if not re.search(rf"^{re.escape(key)}$", unit, re.M):
            fail(f"the unit lacks {key}")

    desktop = desktop_keys(os.path.join(root, f"usr/share/applications/{APP_ID}.desktop"))
    if desktop.get("Exec", "").split()[:1] != ["ziggie"]:
        fail(f"the desktop entry runs {desktop.get('Exec')!r}, not ziggie")
    icon = desktop.get("Icon", "")
    if not os.path.exists(os.path.join(root, f"usr/share/icons/hicolor/scalable/apps/{icon}.svg")):
        fail(f"the desktop entry's Icon={icon} is not in the package's hicolor theme")

    metainfo = open(os.path.join(root, f"usr/share/metainfo/{APP_ID}.metainfo.xml"), encoding="utf-8").read()
    if f"<id>{APP_ID}</id>" not in metainfo:
        fail(f"the metainfo's id is not {APP_ID}")
    if f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' not in metainfo:
        fail(f"the metainfo does not launch {APP_ID}.desktop")
    release = re.search(r'<release version="([^"]+)"', metainfo)
    if not release or release.group(1) != version:
        fail(f"the metainfo's newest release is {release and release.group(1)}, the project is {version}")

    changelog_path = os.path.join(root, "usr/share/doc/ziggie/changelog.gz")
    top = gzip.open(changelog_path, "rt", encoding="utf-8").readline()
    if not top.startswith(f"ziggie ({version}) "):
        fail(f"changelog starts with {top.strip()!r}, not version {version}")
    for gz in (changelog_path, os.path.join(root, "usr/share/man/man1/ziggie.1.gz")):
        header = open(gz, "rb").read(10)
        if header[4:8] != b"\0\0\0\0" or header[3] & 0x08:
            fail(f"{gz} carries a name or timestamp (gzip -n)")
    copyright_text = open(os.path.join(root, "usr/share/doc/ziggie/copyright"), encoding="utf-8").read()
    if not copyright_text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"):
        fail("the copyright file is not in the machine-readable format")


def check_unit_with_systemd(root, work):
    """systemd-analyze --user verify on a copy whose ExecStart names the extracted binary."""
    if not shutil.which("systemd-analyze"):
        print("systemd-analyze not installed: unit not verified (ExecStart checked above)")
        return
    unit_dir = os.path.join(work, "unit")
    runtime = os.path.join(work, "runtime")
    os.makedirs(unit_dir)
    os.makedirs(runtime, mode=0o700)
    text = open(os.path.join(root, "usr/lib/systemd/user/ziggie.service"), encoding="utf-8").read()
    text = re.sub(r"^ExecStart=/", f"ExecStart={root}/", text, flags=re.M)
    unit = os.path.join(unit_dir, "ziggie.service")
    open(unit, "w", encoding="utf-8").write(text)
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime, MANPATH=os.path.join(root, "usr/share/man"))
    r = run(["systemd-analyze", "--user", "verify", unit], env=env, timeout=60)
    output = (r.stdout + r.stderr).strip()
    if "Failed to initialize manager" in output or "Failed to lookup RuntimeDirectory" in output:
        print(f"systemd-analyze --user cannot run here, unit not verified: {output}")
    elif r.returncode != 0 or output:
        fail(f"systemd-analyze --user verify: exit {r.returncode}\n{output}")
    else:
        print("systemd-analyze --user verify: clean", flush=True)


def read_line(stream, deadline):
    line = b""
    while not line.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([stream], [], [], remaining)[0]:
            return None
        chunk = os.read(stream.fileno(), 1)
        if not chunk:
            return None
        line += chunk
    return line.decode()


def first_ws_message(host, port):
    """A bare RFC 6455 handshake on /ws and the payload of the first (unmasked text) frame."""
    with socket.create_connection((host, port), timeout=10) as s:
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall((f"GET /ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError(f"no WebSocket upgrade: {head[:200]!r}")

        def take(n):
            nonlocal rest
            while len(rest) < n:
                chunk = s.recv(65536)
                if not chunk:
                    raise RuntimeError("stream closed mid-frame")
                rest += chunk
            out, rest = rest[:n], rest[n:]
            return out

        b0, b1 = take(2)
        length = b1 & 0x7F
        if length == 126:
            length = int.from_bytes(take(2), "big")
        elif length == 127:
            length = int.from_bytes(take(8), "big")
        if b0 & 0x0F != 1:
            raise RuntimeError(f"first frame has opcode {b0 & 0x0F}, not text")
        return json.loads(take(length))


def check_binary(root, work, version):
    binary = os.path.join(root, "usr/bin/ziggie")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZIGGIE_")}
    env.update(HOME=work, XDG_CONFIG_HOME=os.path.join(work, "config"), QT_QPA_PLATFORM="offscreen")
    r = run([binary, "--version"], env=env, timeout=30)
    if r.returncode != 0 or r.stdout.strip() != f"ziggie {version}":
        fail(f"ziggie --version: exit {r.returncode}, printed {r.stdout.strip()!r}")

    settings = os.path.join(work, "ziggie.conf")
    proc = subprocess.Popen([binary, "--headless", "--port", "0", "--settings", settings],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        line = read_line(proc.stdout, time.monotonic() + 20)
        m = re.match(r"^Ziggie serving http://([\d.]+):(\d+)/ \(stream ws://[\d.]+:\d+/ws\)$", (line or "").strip())
        if not m:
            fail(f"no serving line within 20 s: {line!r}")
            return
        host, port = m.group(1), int(m.group(2))
        print(f"extracted binary: {line.strip()}", flush=True)
        with urllib.request.urlopen(f"http://{host}:{port}/health", timeout=10) as response:
            health = json.load(response)
        if health.get("status") not in ("ok", "degraded") or health.get("version") != version:
            fail(f"/health answered {health}")
        else:
            print(f"GET /health: {json.dumps(health)}", flush=True)
        message = first_ws_message(host, port)
        if message.get("type") != "history":
            fail(f"/ws sent {str(message)[:200]} first, not history")
        else:
            print(f"/ws: history with {len(message.get('data', message.get('samples', [])))} samples", flush=True)
        mode = stat.S_IMODE(os.stat(settings).st_mode) if os.path.exists(settings) else None
        if mode != 0o600:
            fail(f"settings file {settings} has mode {oct(mode) if mode is not None else '(missing)'}, not 0600")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=10)
            if code != 0:
                fail(f"after SIGTERM ziggie exited with {code}")
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            fail("ziggie did not exit within 10 s of SIGTERM")
        stderr = proc.stderr.read().decode(errors="replace").strip()
        if stderr:
            print("ziggie's log:\n" + stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpack", default="cpack")
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--keep", help="copy the .deb here")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="ziggie-deb-")
    try:
        deb = build_deb(args.cpack, args.build_dir, os.path.join(work, "out"), args.version)
        if args.keep:
            shutil.copy(deb, args.keep)
        check_control(deb, args.version)
        check_lintian(deb)
        check_file_list(deb, args.source_dir)
        root = os.path.join(work, "root")
        subprocess.run(["dpkg", "-x", deb, root], check=True, timeout=60)
        check_cross_references(root, args.version)
        check_unit_with_systemd(root, work)
        check_binary(root, work, args.version)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("the package is good")
    return 0


if __name__ == "__main__":
    sys.exit(main())
