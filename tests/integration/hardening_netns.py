#!/usr/bin/env python3
"""The rules that only apply to other machines, tried from one: a network namespace that this
test creates (and removes) behind a veth pair, with four addresses of its own on a private
subnet, and ziggie bound to the host's end in LAN mode. Never an outside address.

- real credential attempts ban the peer (429 with Retry-After); what is no attempt never does;
- connections that never send a request count toward the per-address cap (503 beyond it);
- a dashboard on the host receives every tick meanwhile.
Needs root (ip netns); exits 77 (skipped) without it."""
import json, os, subprocess, sys, time

from zigtest import UPGRADE, Dashboard, Server, connect, get, read_head, status_of

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "netns-test-token-0123456789abcdef0123"
CAP = 16
INTERVAL = 0.5


def sh(*args):
    subprocess.run(args, check=True, capture_output=True)


class Namespace:
    def __init__(self):
        n = os.getpid() % 200 + 20
        self.name, self.host_if, self.peer_if = f"zgns{n}", f"zgh{n}", f"zgp{n}"
        self.subnet = f"10.231.{n}"
        self.host = f"{self.subnet}.1"
        self.peers = [f"{self.subnet}.{i}" for i in (2, 3, 4, 5)]

    def __enter__(self):
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)  # a leftover of a killed run
        sh("ip", "netns", "add", self.name)
        sh("ip", "link", "add", self.host_if, "type", "veth", "peer", "name", self.peer_if)
        sh("ip", "link", "set", self.peer_if, "netns", self.name)
        sh("ip", "addr", "add", f"{self.host}/24", "dev", self.host_if)
        sh("ip", "link", "set", self.host_if, "up")
        inside = ["ip", "netns", "exec", self.name]
        for address in self.peers:
            sh(*inside, "ip", "addr", "add", f"{address}/24", "dev", self.peer_if)
        sh(*inside, "ip", "link", "set", self.peer_if, "up")
        sh(*inside, "ip", "link", "set", "lo", "up")
        return self

    def __exit__(self, *exc):
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)  # takes the veth pair along
        subprocess.run(["ip", "link", "del", self.host_if], capture_output=True)

    def run(self, action, *args):
        """Runs one peer action of this file inside the namespace; returns its JSON result."""
        out = subprocess.run(["ip", "netns", "exec", self.name, sys.executable, __file__, "--peer", action, *args],
                             check=True, capture_output=True, text=True, timeout=60)
        return json.loads(out.stdout)


# ---- what the other machine does (runs inside the namespace) -------------------------------

def peer_ban(host, port, source):
    wrong = [get(host, port, f"/api/system/ws?token=guess{i}", UPGRADE, source)[0] for i in range(5)]
    status, head = get(host, port, "/api/system/ws?token=" + TOKEN, UPGRADE, source)
    retry = [l for l in head.split(b"\r\n") if l.lower().startswith(b"retry-after:")]
    public = get(host, port, "/ws", UPGRADE, source)[0]
    return {"wrong": wrong, "then_valid": status, "retry_after": retry[0].decode() if retry else None,
            "public_stream": public}


def peer_no_attempts(host, port, source):
    plain = [get(host, port, "/api/system/ws?token=wrong", b"", source)[0] for _ in range(20)]
    foreign = [get(host, port, "/api/system/ws?token=wrong", UPGRADE + b"Origin: http://evil.example\r\n", source)[0]
               for _ in range(20)]
    img = [get(host, port, "/api/system/ws?token=wrong", UPGRADE + b"Sec-Fetch-Site: cross-site\r\n", source)[0]
           for _ in range(20)]
    valid = get(host, port, "/api/system/ws?token=" + TOKEN, UPGRADE, source)[0]
    return {"plain": sorted(set(plain)), "foreign_origin": sorted(set(foreign)), "cross_site": sorted(set(img)),
            "then_valid": valid}


def peer_idle_connections(host, port, source, other):
    held, refused = [], 0
    for _ in range(100):
        s = connect(host, port, source)
        s.settimeout(0.3)
        try:
            head = read_head(s)
        except TimeoutError:
            held.append(s)  # accepted and waiting for a request head
            continue
        refused += status_of(head) == 503
        s.close()
    other_address = get(host, port, "/health", b"", other)[0]
    for s in held:
        s.close()
    return {"held": len(held), "refused_503": refused, "other_address": other_address}


# ---- the host's side ----------------------------------------------------------------------

def main(binary):
    if os.geteuid() != 0 or subprocess.run(["ip", "netns", "list"], capture_output=True).returncode != 0:
        print("skipped: network namespaces need root and iproute2")
        return 77
    with Namespace() as ns:
        server = Server(binary, "--token", TOKEN, "--max-clients-per-address", str(CAP), host=ns.host,
                        interval=str(INTERVAL))
        dashboard = Dashboard(ns.host, server.port, INTERVAL)
        try:
            ban = ns.run("ban", ns.host, str(server.port), ns.peers[0])
            print("real attempts from", ns.peers[0], ban)
            assert ban["wrong"] == [401] * 5 and ban["then_valid"] == 429, ban
            assert ban["retry_after"] and int(ban["retry_after"].split(":")[1]) > 0, ban
            assert ban["public_stream"] == 101, ban

            none = ns.run("no_attempts", ns.host, str(server.port), ns.peers[1])
            print("no real attempts from", ns.peers[1], none)
            assert none == {"plain": [426], "foreign_origin": [403], "cross_site": [401], "then_valid": 101}, none

            idle = ns.run("idle_connections", ns.host, str(server.port), ns.peers[2], ns.peers[3])
            print("100 idle connections from", ns.peers[2], idle)
            assert idle["held"] == CAP and idle["refused_503"] == 100 - CAP, idle
            assert idle["other_address"] == 200, idle

            time.sleep(2 * INTERVAL)
            missed = dashboard.missed_ticks()
            print(f"the dashboard on the host received {len(dashboard.times)} ticks, missed {missed}")
            assert missed == 0
        finally:
            dashboard.stop()
            server.stop()
    print("all LAN-peer checks passed")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--peer":
        action, host, port, *rest = sys.argv[2:]
        result = {"ban": peer_ban, "no_attempts": peer_no_attempts, "idle_connections": peer_idle_connections}[action](
            host, int(port), *rest)
        print(json.dumps(result))
        sys.exit(0)
    sys.exit(main(sys.argv[1]))
