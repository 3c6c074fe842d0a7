#!/usr/bin/python3
"""The Grafana fleet dashboard parses, has its `instance` variable, and every ziggie_* metric
its queries use is in the /metrics answer of a real `ziggie --headless`.

usage: check_grafana.py ZIGGIE_BINARY DASHBOARD_JSON
"""
import json
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

METRIC = re.compile(r"\bziggie_[a-z0-9_]+\b")


def strings(node):
    """Every string inside a JSON document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def queries(dashboard):
    """Every PromQL expression: panel targets (also inside rows) and variable queries."""
    out = []

    def panel_queries(panels):
        for panel in panels:
            for target in panel.get("targets", []):
                out.append(target["expr"])
            panel_queries(panel.get("panels", []))

    panel_queries(dashboard["panels"])
    for var in dashboard["templating"]["list"]:
        if var.get("type") == "query":
            out.extend(strings(var.get("query")))
            out.append(var.get("definition", ""))
    return out


def served_metrics(binary):
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [binary, "--headless", "--port", "0", "--interval", "0.2", "--settings", f"{tmp}/ziggie.conf"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if not match:
                sys.exit(f"FAIL: no serving line from {binary}: {line!r}")
            base = f"http://127.0.0.1:{match.group(1)}"
            try:  # one refusal, so the labelled refusal counter has a sample too
                urllib.request.urlopen(f"{base}/no-such-page", timeout=5)
            except urllib.error.HTTPError:
                pass
            text = urllib.request.urlopen(f"{base}/metrics", timeout=5).read().decode()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    names = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            names.add(line.split()[2])
        elif line and not line.startswith("#"):
            names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    return names, text


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        dashboard = json.load(f)  # raises on malformed JSON

    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    if "instance" not in variables:
        sys.exit("FAIL: no `instance` template variable")
    exprs = queries(dashboard)
    if len(exprs) < 5:
        sys.exit(f"FAIL: only {len(exprs)} queries found")
    used = set()
    for expr in exprs:
        used.update(METRIC.findall(expr))
        if re.search(r"\bhost\s*=", expr):
            sys.exit(f"FAIL: query selects on a `host` label Ziggie does not export: {expr}")
    panel_exprs = [e for e in exprs if "ziggie_" in e and "label_values" not in e]
    unfiltered = [e for e in panel_exprs if "$instance" not in e]
    if unfiltered:
        sys.exit(f"FAIL: queries that ignore the instance variable: {unfiltered}")

    served, text = served_metrics(binary)
    missing = sorted(used - served)
    if missing:
        sys.exit(f"FAIL: metrics queried but not served: {missing}\n--- /metrics ---\n{text}")
    print(f"ok: {len(exprs)} queries over {len(used)} metrics, all served: {', '.join(sorted(used))}")


if __name__ == "__main__":
    main()
