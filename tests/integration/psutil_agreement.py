#!/usr/bin/env python3
"""ziggie's numbers against psutil read at the same moment (what the old backend used)."""
import json, os, re, signal, subprocess, sys, tempfile, time, urllib.request

import psutil

GB = 1024 ** 3


def main(binary):
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen([binary, "--headless", "--port", "0", "--interval", "0.5",
                                 "--settings", os.path.join(tmp, "z.conf")],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline()
            port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
            time.sleep(0.6)  # let one full interval pass so the sample is fresh (not a test of timing)
            for attempt in range(5):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/system/stats", timeout=5) as r:
                    stats = json.load(r)
                mem = psutil.virtual_memory()
                disk = psutil.disk_usage("/")
                problems = []
                if abs(stats["memory"]["total_gb"] - round(mem.total / GB, 2)) > 0.01:
                    problems.append(f"memory total {stats['memory']['total_gb']} vs {mem.total / GB:.2f}")
                if abs(stats["memory"]["percent"] - mem.percent) > 2:
                    problems.append(f"memory percent {stats['memory']['percent']} vs {mem.percent}")
                if abs(stats["memory"]["used_gb"] - mem.used / GB) > 0.1:
                    problems.append(f"memory used {stats['memory']['used_gb']} vs {mem.used / GB:.2f}")
                if abs(stats["disk"]["total_gb"] - disk.total / GB) > 0.05:
                    problems.append(f"disk total {stats['disk']['total_gb']} vs {disk.total / GB:.2f}")
                if abs(stats["disk"]["used_gb"] - disk.used / GB) > 0.05:
                    problems.append(f"disk used {stats['disk']['used_gb']} vs {disk.used / GB:.2f}")
                if abs(stats["disk"]["percent"] - disk.percent) > 0.5:
                    problems.append(f"disk percent {stats['disk']['percent']} vs {disk.percent}")
                if not 0 <= stats["cpu"]["usage"] <= 100:
                    problems.append(f"cpu usage {stats['cpu']['usage']} out of range")
                if not problems:
                    print(f"agree: memory {stats['memory']} vs psutil total {mem.total / GB:.2f} GB "
                          f"{mem.percent}%; disk {stats['disk']} vs psutil {disk.used / GB:.2f}/{disk.total / GB:.2f} GB")
                    return 0
                time.sleep(0.5)  # memory moves; compare again at the next tick
            print("disagree:", "; ".join(problems))
            return 1
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
