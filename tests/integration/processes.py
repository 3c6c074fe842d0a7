#!/usr/bin/env python3
"""Which process caused the spike, through the real binary: a child that busy-loops for about 3 s
(bounded) is the top CPU process in the authenticated frames at those ticks with at least 80 % of
one CPU, is named by /api/system/processes with a token, and in the stored history of those seconds
after a restart. Without credentials no process name is ever served — public frames, public REST
and history are checked on the raw bytes — and --public-processes turns that around."""
import json, os, subprocess, sys, tempfile, time

from zigtest import Server, WebSocket, fetch

INTERVAL = 0.5
TOKEN = "processes-test-token-0123456789abcdef"
NAME = "zig-busy-child"  # the child's command name: a link to python3 with this name


def busy_child(folder, seconds=3.0):
    link = os.path.join(folder, NAME)
    if not os.path.exists(link):
        os.symlink(sys.executable, link)
    return subprocess.Popen([link, "-c", f"import time\nend = time.monotonic() + {seconds}\n"
                             "while time.monotonic() < end: pass\n"])


def frames_while(ws, child, limit_s=8):
    """Raw text frames until the child has exited and one more tick came."""
    frames, deadline = [], time.monotonic() + limit_s
    while time.monotonic() < deadline:
        f = ws.recv()
        if f is None:
            break
        if f[0] == 0x1:
            frames.append(f[1])
        if child.poll() is not None and len(frames) > 2:
            break
    return frames


def authenticated_frames_name_the_child(binary, folder):
    db = os.path.join(folder, "history.sqlite")
    server = Server(binary, "--token", TOKEN, "--history-db", db, interval=str(INTERVAL))
    try:
        auth = WebSocket("127.0.0.1", server.port, f"/api/system/ws?token={TOKEN}")
        public = WebSocket("127.0.0.1", server.port, "/ws")
        assert auth.recv_json()["type"] == "history" and public.recv_json()["type"] == "history"
        auth.send_text(json.dumps({"type": "subscribe", "metrics": ["processes"]}))
        public.send_text(json.dumps({"type": "subscribe", "metrics": ["processes"]}))
        refused = public.recv_json()
        while refused["type"] == "system_stats":
            refused = public.recv_json()
        assert refused["type"] == "error" and refused["code"] == "forbidden", refused

        load0 = os.getloadavg()[0]
        loaded = load0 > os.cpu_count() * 0.75
        child = busy_child(folder)
        seen = frames_while(auth, child)
        public_raw = b"".join(frames_while(public, child, limit_s=2))
        tops = [json.loads(f).get("processes", {}).get("top_cpu", []) for f in seen]
        hits = [p for t in tops for p in t if p["pid"] == child.pid]
        assert hits, f"the busy child (pid {child.pid}) was never among the top CPU processes: {tops}"
        best = max(h["cpu"] for h in hits)
        on_top = [t[0] for t in tops if t and t[0]["pid"] == child.pid]
        # On an idle machine the child has a core to itself; where other work (a parallel build)
        # shares the two cores, it gets what the scheduler gives it, and is still named.
        busy = loaded
        assert best >= (40 if busy else 80), f"the busy child had at most {best} % of one CPU (load {load0})"
        assert on_top or busy, f"the busy child was never on top: {tops}"
        assert hits[0]["name"] == NAME, hits[0]
        assert NAME.encode() not in public_raw and b"processes" not in public_raw, "a public frame named a process"
        child.wait()
        print(f"  authenticated frames: {NAME} named at {len(hits)} ticks ({len(on_top)} on top), up to {best} % of one CPU; "
              "public frames name nothing")

        status, body = fetch(server, "/api/system/processes")
        assert status == 401 and NAME.encode() not in body, (status, body[:200])
        status, body = fetch(server, "/api/system/processes", TOKEN)
        answer = json.loads(body)
        assert status == 200 and answer["type"] == "processes" and answer["count"] > 1, (status, body[:200])
        print(f"  /api/system/processes: 401 without a token, {answer['count']} processes with it")

        auth.close()
        public.close()
    finally:
        assert server.stop() == 0
    return db


def history_names_it_after_a_restart(binary, db):
    server = Server(binary, "--token", TOKEN, "--history-db", db, interval=str(INTERVAL))
    try:
        status, body = fetch(server, "/api/system/history?range=2m&points=2000", TOKEN)
        assert status == 200, (status, body[:200])
        points = json.loads(body)["points"]
        named = [p for p in points if any(t["name"] == NAME for t in p.get("top_cpu", []))]
        assert named, "no stored point names the busy child after the restart"
        top = max(t["cpu"] for p in named for t in p["top_cpu"] if t["name"] == NAME)
        for path in ["/api/system/history?range=2m&points=2000", "/api/system/history.csv?range=2m&points=2000"]:
            status, body = fetch(server, path)
            assert status == 200 and NAME.encode() not in body and b"top_cpu" not in body, (path, body[:200])
        print(f"  after a restart: {len(named)} stored points name {NAME} (up to {top} %); none without a token")
    finally:
        server.stop()


def public_processes_turns_it_around(binary, folder):
    server = Server(binary, "--public-processes", "--history-db", "none", interval=str(INTERVAL))
    try:
        status, body = fetch(server, "/api/system/processes")
        assert status == 200 and json.loads(body)["type"] == "processes", (status, body[:200])
        ws = WebSocket("127.0.0.1", server.port, "/ws")
        assert ws.recv_json()["type"] == "history"
        ws.send_text(json.dumps({"type": "subscribe", "metrics": ["processes"]}))
        child = busy_child(folder, seconds=2.0)
        raw = b"".join(frames_while(ws, child))
        child.wait()
        assert NAME.encode() in raw, "--public-processes: the public stream named no process"
        ws.close()
        print("  --public-processes: the public stream and REST name processes")
    finally:
        server.stop()


def main(binary):
    with tempfile.TemporaryDirectory() as folder:
        db = authenticated_frames_name_the_child(binary, folder)
        history_names_it_after_a_restart(binary, db)
        public_processes_turns_it_around(binary, folder)
    print("processes: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
