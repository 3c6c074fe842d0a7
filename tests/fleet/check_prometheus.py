#!/usr/bin/python3
"""Validates packaging/prometheus/ziggie-fleet.yml with `promtool check config`.

promtool also checks that credentials files exist, so the check runs on a copy whose
credentials_file points at a temporary token file. Exits 77 (skipped) without promtool,
which Debian's `prometheus` package provides.

usage: check_prometheus.py CONFIG
"""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        config = f.read()
    for needle in ("job_name: ziggie", "type: Bearer", "credentials_file:", "metrics_path: /metrics"):
        if needle not in config:
            sys.exit(f"FAIL: the example lacks {needle!r}")
    promtool = shutil.which("promtool")
    if not promtool:
        print("SKIP: promtool not found (apt-get install prometheus)")
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory() as tmp:
        token = os.path.join(tmp, "ziggie.token")
        with open(token, "w", encoding="utf-8") as f:
            f.write("example-token\n")
        os.chmod(token, 0o400)
        copy = os.path.join(tmp, "ziggie-fleet.yml")
        with open(copy, "w", encoding="utf-8") as f:
            f.write(config.replace("/etc/prometheus/ziggie.token", token))
        result = subprocess.run([promtool, "check", "config", copy], capture_output=True, text=True)
        print(result.stdout + result.stderr)
        if result.returncode != 0 or "SUCCESS" not in result.stdout + result.stderr:
            sys.exit("FAIL: promtool rejected the example")
    print("ok: promtool check config passed")


if __name__ == "__main__":
    main()
