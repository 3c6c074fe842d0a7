#!/usr/bin/env python3
"""A peer for the fan-out benchmark: Python's `websockets` (Debian's python3-websockets) serving
the same system_stats-shaped frame on /ws as ziggie, with websockets.broadcast() once per tick.
A `history` message first, as ziggie sends. Loopback, bounded.
    python_ws_server.py [INTERVAL_S (1)] [LIFETIME_S (900)]"""
import asyncio, datetime, json, sys

import websockets

INTERVAL = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
LIFETIME = float(sys.argv[2]) if len(sys.argv) > 2 else 900.0
HISTORY = json.dumps({"type": "history", "interval_s": INTERVAL, "samples": []})
clients = set()


def sample():
    now = datetime.datetime.now(datetime.timezone.utc)
    return {"type": "system_stats", "timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "cpu": {"usage": 12.5}, "memory": {"percent": 41.2, "used_gb": 9.3, "total_gb": 23.5},
            "disk": {"percent": 45.3, "used_gb": 234.5, "total_gb": 512.0}}


async def handler(socket, path=None):
    clients.add(socket)
    try:
        await socket.send(HISTORY)
        await socket.wait_closed()
    finally:
        clients.discard(socket)


async def ticker():
    while True:
        await asyncio.sleep(INTERVAL)
        websockets.broadcast(clients, json.dumps(sample()))


async def main():
    async with websockets.serve(handler, "127.0.0.1", 0, backlog=1024, compression=None,
                                ping_interval=None, max_queue=None) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"python-websockets serving http://127.0.0.1:{port}/", flush=True)
        asyncio.get_running_loop().create_task(ticker())
        await asyncio.sleep(LIFETIME)


asyncio.run(main())
