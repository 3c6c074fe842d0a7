#!/usr/bin/env python3
"""Durable history with the real binary: what is recorded before a SIGTERM restart is served after
it, with the gap; a SIGKILL loses at most the last 10 s; a damaged file is moved aside; a folder
it cannot write and a full disk leave /health degraded while the live stream keeps every tick and
recording resumes; a clock set back (libfaketime) neither duplicates nor reorders stored points;
bad range, end and points are 400 with a message; both streams answer {"type":"history"}."""
import glob, json, os, signal, subprocess, sys, tempfile, time

from zigtest import Dashboard, Server, WebSocket, fetch, wait_until

INTERVAL = 0.5
FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


def stored(server, range_="10m", points=2000, end=None):
    query = f"range={range_}&points={points}" + (f"&end={end}" if end else "")
    status, body = fetch(server, f"/api/system/history?{query}")
    assert status == 200, (status, body[:200])
    return json.loads(body)


def times(answer):
    return [p["timestamp"] for p in answer["points"]]


def health(server):
    return json.loads(fetch(server, "/health")[1])


def restart_keeps_history_with_a_gap(binary, folder):
    db = os.path.join(folder, "restart.sqlite")
    first = Server(binary, "--history-db", db, interval=str(INTERVAL))
    time.sleep(4)
    before = times(stored(first))
    assert first.stop() == 0
    time.sleep(3)  # stopped: a gap
    restarted = time.time()
    second = Server(binary, "--history-db", db, interval=str(INTERVAL))
    # The writer stores in 2 s batches: wait for the first one of the second run.
    assert wait_until(lambda: time_of(times(stored(second))[-1]) > restarted, 10), "nothing recorded after the restart"
    after = stored(second)
    second.stop()
    served = times(after)
    assert set(before) <= set(served), "samples from before the restart are gone"
    steps = [b - a for a, b in zip(*[[time_of(t) for t in served][i:] for i in (0, 1)])]
    assert max(steps) >= 2.5, f"no gap where the program was stopped: {max(steps):.2f} s"
    assert served == sorted(served) and len(set(served)) == len(served)
    print(f"  restart: {len(before)} samples before, all served after it, with a {max(steps):.1f} s gap")


def time_of(stamp):
    import datetime
    return datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def sigkill_loses_at_most_10_s(binary, folder):
    db = os.path.join(folder, "killed.sqlite")
    server = Server(binary, "--history-db", db, interval=str(INTERVAL))
    time.sleep(6)
    killed_at = time.time()
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait()
    again = Server(binary, "--history-db", db, interval=str(INTERVAL))
    served = times(stored(again))
    again.stop()
    before_kill = [t for t in served if time_of(t) < killed_at]
    assert before_kill, "nothing survived the SIGKILL"
    lost = killed_at - time_of(before_kill[-1])
    assert lost <= 10, f"{lost:.1f} s lost"
    print(f"  SIGKILL: the newest stored sample was {lost:.1f} s before the kill (at most 10)")


def damaged_file_is_moved_aside(binary, folder):
    db = os.path.join(folder, "damaged.sqlite")
    with open(db, "wb") as f:
        f.write(os.urandom(16384))
    server = Server(binary, "--history-db", db, interval=str(INTERVAL))
    assert wait_until(lambda: glob.glob(db + ".corrupt-*"), 10)
    time.sleep(3)
    answer = stored(server, "1m")
    warned = any("damaged" in line for line in server.stderr)
    ok = health(server)["status"] == "ok"
    server.stop()
    assert warned and ok and answer["points"], (warned, ok)
    print("  damaged file: moved aside with a warning, a new one records")


def faults_degrade_health_not_the_stream(binary, folder, where, mount=None):
    server = Server(binary, "--history-db", where, interval=str(INTERVAL))
    dashboard = Dashboard("127.0.0.1", server.port, INTERVAL)
    try:
        assert wait_until(lambda: health(server)["status"] == "degraded", 15), health(server)
        reason = health(server)["reason"]
        assert "history" in reason, reason
        if mount:  # more room: recording resumes by itself
            subprocess.run(["mount", "-o", "remount,size=16m", mount], check=True)
        else:
            os.remove(os.path.dirname(where))
            os.makedirs(os.path.dirname(where))
        assert wait_until(lambda: health(server)["status"] == "ok", 30), health(server)
        time.sleep(2 * INTERVAL)
        missed = dashboard.missed_ticks()
        assert missed == 0, f"the live stream missed {missed} ticks"
        print(f"  {'full disk' if mount else 'unwritable folder'}: /health degraded ({reason[:70]}…), "
              f"recovered; the stream missed no tick")
    finally:
        dashboard.stop()
        server.stop()


def unwritable_folder(binary, folder):
    blocker = os.path.join(folder, "blocked")
    open(blocker, "w").close()  # a file where the folder should be: not even root can write there
    faults_degrade_health_not_the_stream(binary, folder, os.path.join(blocker, "history.sqlite"))


def full_disk(binary, folder):
    mount = os.path.join(folder, "small")
    os.makedirs(mount)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", mount]).returncode != 0:
        print("  full disk: skipped (mounting a small tmpfs needs root)")
        return
    try:
        with open(os.path.join(mount, "filler"), "wb") as f:  # leave too little for a database
            try:
                f.write(b"\0" * 96 * 1024)
            except OSError:
                pass
        faults_degrade_health_not_the_stream(binary, folder, os.path.join(mount, "history.sqlite"), mount)
    finally:
        subprocess.run(["umount", mount])


def preload_with(binary, library):
    """LD_PRELOAD for `library`; a sanitizer build's runtime must come first in that list."""
    linked = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    runtimes = [line.split("=>")[1].split()[0] for line in linked.splitlines()
                if "=>" in line and ("libasan" in line or "libubsan" in line)]
    return ":".join(runtimes + [library])


def clock_set_back(binary, folder):
    if not os.path.exists(FAKETIME):
        raise SystemExit(f"{FAKETIME} is missing: install Debian's faketime")
    offset = os.path.join(folder, "offset")
    with open(offset, "w") as f:
        f.write("+0\n")
    env = dict(os.environ, LD_PRELOAD=preload_with(binary, FAKETIME), FAKETIME_TIMESTAMP_FILE=offset,
               FAKETIME_NO_CACHE="1", FAKETIME_DONT_FAKE_MONOTONIC="1")
    db = os.path.join(folder, "clock.sqlite")
    server = Server(binary, "--history-db", db, interval=str(INTERVAL), env=env)
    time.sleep(4)
    with open(offset, "w") as f:
        f.write("-60\n")  # the clock is set back a minute
    assert wait_until(lambda: "behind" in health(server).get("reason", ""), 10), health(server)
    # The server's "now" is a minute before what it stored: ask up to the real time, past it.
    served = times(stored(server, "5m", end=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 60))))
    live = json.loads(fetch(server, "/api/system/stats")[1])
    server.stop()
    assert served == sorted(served) and len(set(served)) == len(served), "stored points duplicated or reordered"
    assert time_of(live["timestamp"]) < time_of(served[-1]), "the clock did not go back"
    print(f"  clock set back 60 s: {len(served)} stored points, none duplicated or reordered; "
          "recording waits for the clock")


def bad_parameters_are_400(binary):
    server = Server(binary, interval=str(INTERVAL))
    try:
        for query in ["range=forever", "range=", "range=1h&points=5000", "range=1h&points=0",
                      "range=1h&end=yesterday", "range=0", "points=10"]:
            status, body = fetch(server, f"/api/system/history?{query}")
            message = json.loads(body).get("message", "")
            assert status == 400 and message, (query, status, body)
        status, body = fetch(server, "/api/system/history.csv?range=1m")
        assert status == 200 and body.startswith(b"timestamp,n,cpu.usage.min"), body[:80]
        v1 = json.loads(fetch(server, "/api/system/history")[1])
        assert list(v1) == ["type", "interval_s", "samples"] and v1["type"] == "history"
        print("  bad range, end and points: 400 with a message; CSV and the v1 endpoint as they should be")
    finally:
        server.stop()


def both_streams_answer_range_requests(binary):
    token = "history-test-token-0123456789abcdef"
    server = Server(binary, "--token", token, interval=str(INTERVAL))
    try:
        time.sleep(2)
        for path in ["/ws", f"/api/system/ws?token={token}"]:
            ws = WebSocket("127.0.0.1", server.port, path)
            assert ws.recv_json()["type"] == "history"
            ws.send_text(json.dumps({"type": "history", "range": "1m", "id": "q1"}))
            while True:
                m = ws.recv_json()
                if m["type"] != "system_stats":
                    break
            ws.close()
            assert m["type"] == "history_range" and m["id"] == "q1" and m["points"], m
        print("  both streams answer {\"type\":\"history\"} with history_range")
    finally:
        server.stop()


def recording_off(binary):
    server = Server(binary, "--history-db", "none", interval=str(INTERVAL))
    status, body = fetch(server, "/api/system/history?range=1h")
    server.stop()
    assert status == 503 and b"off" in body, (status, body)
    print("  --history-db none: range requests say recording is off (503)")


def main(binary):
    with tempfile.TemporaryDirectory() as folder:
        restart_keeps_history_with_a_gap(binary, folder)
        sigkill_loses_at_most_10_s(binary, folder)
        damaged_file_is_moved_aside(binary, folder)
        unwritable_folder(binary, folder)
        full_disk(binary, folder)
        clock_set_back(binary, folder)
    bad_parameters_are_400(binary)
    both_streams_answer_range_requests(binary)
    recording_off(binary)
    print("all history checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
