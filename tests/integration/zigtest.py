"""Helpers for the tests that try ziggie from the outside, byte by byte: start the real binary,
speak raw HTTP and WebSocket (including what a well-behaved library refuses to send), and watch
a legitimate dashboard's ticks and the server's own CPU and memory while that goes on."""
import base64, datetime, json, os, re, signal, socket, struct, subprocess, tempfile, threading, time
import urllib.error, urllib.request


class Server:
    """`ziggie --headless` on a free port with its own settings file; stopped with SIGTERM."""

    def __init__(self, binary, *args, host="127.0.0.1", prefix=(), interval="0.5", env=None):
        self.tmp = tempfile.TemporaryDirectory()
        cmd = [*prefix, binary, "--headless", "--port", "0", "--interval", interval,
               "--settings", os.path.join(self.tmp.name, "z.conf"), *args]
        if host != "127.0.0.1":
            cmd += ["--host", host]
        self.host = host
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env)
        line = self.proc.stdout.readline()
        m = re.search(r"https?://[^:/]+:(\d+)/", line)
        if not m:
            raise RuntimeError("ziggie did not start: " + line + self.proc.stderr.read())
        self.port = int(m.group(1))
        self.stderr = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stderr:
            self.stderr.append(line)

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.tmp.cleanup()
        return self.proc.returncode

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def open_fds(self):
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))


def connect(host, port, source=None, timeout=5):
    s = socket.create_connection((host, port), timeout=timeout,
                                 source_address=(source, 0) if source else None)
    s.settimeout(timeout)
    return s


def read_head(sock):
    """The response head (status line and headers), or b'' if the peer closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk
    return data


def status_of(head):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return int(m.group(1)) if m else None


def request(host, port, raw, source=None):
    """Sends a raw request, returns (status, head) of the answer."""
    with connect(host, port, source) as s:
        s.sendall(raw)
        head = read_head(s)
    return status_of(head), head


def get(host, port, path, extra=b"", source=None):
    return request(host, port, b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + host.encode() + b"\r\n"
                   + extra + b"\r\n", source)


UPGRADE = (b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
           b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")


def frame(opcode, payload=b"", masked=True, fin=True):
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    mask_bit = 0x80 if masked else 0
    if n < 126:
        head += bytes([mask_bit | n])
    elif n <= 0xFFFF:
        head += bytes([mask_bit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([mask_bit | 127]) + struct.pack("!Q", n)
    if not masked:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i & 3] for i, b in enumerate(payload))


class WebSocket:
    """A client on a real socket that can also misbehave (unmasked frames, never reading)."""

    def __init__(self, host, port, path="/ws", extra=b"", source=None, timeout=5):
        self.sock = connect(host, port, source, timeout)
        self.sock.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + host.encode() + b"\r\n"
                          + UPGRADE + extra + b"\r\n")
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            data += chunk
        head, _, self.buffer = data.partition(b"\r\n\r\n")
        self.status = status_of(head)

    def send(self, opcode, payload=b"", masked=True):
        self.sock.sendall(frame(opcode, payload, masked))

    def send_text(self, text):
        self.send(0x1, text.encode())

    def recv(self):
        """(opcode, payload) of the next frame, or None when the connection ended."""
        def need(n):
            while len(self.buffer) < n:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise EOFError
                self.buffer += chunk
        try:
            need(2)
            opcode, n = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F
            at = 2
            if n == 126:
                need(4)
                n, at = struct.unpack("!H", self.buffer[2:4])[0], 4
            elif n == 127:
                need(10)
                n, at = struct.unpack("!Q", self.buffer[2:10])[0], 10
            need(at + n)
        except (EOFError, OSError):
            return None
        payload, self.buffer = self.buffer[at:at + n], self.buffer[at + n:]
        return opcode, payload

    def recv_json(self):
        while True:
            f = self.recv()
            if f is None:
                return None
            if f[0] == 0x1:
                return json.loads(f[1])
            if f[0] == 0x8:
                return {"type": "close", "code": struct.unpack("!H", f[1][:2])[0] if len(f[1]) >= 2 else 1005}

    def close_code(self):
        """Reads until the server's close frame; its code, or None if the socket just ended."""
        while True:
            f = self.recv()
            if f is None:
                return None
            if f[0] == 0x8:
                return struct.unpack("!H", f[1][:2])[0] if len(f[1]) >= 2 else 1005

    def close(self):
        self.sock.close()


class Dashboard(threading.Thread):
    """A legitimate dashboard on the public stream, recording each tick's timestamp, so a test can
    ask afterwards whether it received every tick while the attacks went on."""

    def __init__(self, host, port, interval_s, path="/ws", extra=b""):
        super().__init__(daemon=True)
        self.ws = WebSocket(host, port, path, extra, timeout=10)
        assert self.ws.status == 101, self.ws.status
        self.interval_s = interval_s
        self.times = []
        self.closed_with = None
        self.start()

    def run(self):
        while True:
            m = self.ws.recv_json()
            if m is None:
                return
            if m["type"] == "close":
                self.closed_with = m["code"]
                return
            if m["type"] == "system_stats":
                self.times.append(datetime.datetime.strptime(m["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp())

    def missed_ticks(self):
        """Ticks this dashboard never got: gaps between the samples' own timestamps beyond 1.9
        intervals (so a slow reader here does not count, a tick skipped or late there does)."""
        gaps = [b - a for a, b in zip(self.times, self.times[1:])]
        return sum(max(0, round(g / self.interval_s) - 1) for g in gaps if g > 1.9 * self.interval_s)

    def stop(self):
        self.ws.close()
        self.join(5)


def wait_until(predicate, timeout, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def fetch(server, path, token=None):
    """(status, body) of a GET through urllib, with the token as a bearer header when given."""
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
