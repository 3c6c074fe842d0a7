#!/usr/bin/env python3
"""A client written for the old Python backend, unchanged: it reads data.cpu.usage,
data.memory.percent and data.disk.percent from every system_stats on /ws."""
import asyncio, json, os, re, signal, subprocess, sys, tempfile

import websockets


async def read_stream(port, ticks):
    seen = []
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws") as ws:
        while len(seen) < ticks:
            data = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            if data.get("type") == "system_stats":
                usage, mem, disk = data["cpu"]["usage"], data["memory"]["percent"], data["disk"]["percent"]
                assert all(isinstance(v, float) and 0 <= v <= 100 for v in (usage, mem, disk)), data
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", data["timestamp"]), data
                seen.append(data["timestamp"])
    assert len(set(seen)) == len(seen), "every tick carries a new sample"
    return seen


def main(binary):
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen([binary, "--headless", "--port", "0", "--interval", "0.2",
                                 "--settings", os.path.join(tmp, "z.conf")],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline()).group(1))
            seen = asyncio.run(read_stream(port, 3))
            print("read", len(seen), "system_stats frames as the old dashboards do")
            return 0
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
