#!/usr/bin/python3
"""Checks that ziggie.1 documents exactly the options `ziggie --help` lists, every ZIGGIE_*
variable --help mentions, and the version `ziggie --version` prints; and that man(1) renders it
without warnings. Usage: check_manpage.py ZIGGIE_BINARY MANPAGE"""

import os
import re
import shutil
import subprocess
import sys


def run(args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(args, capture_output=True, text=True, timeout=30, env=env, check=True).stdout


def help_options(help_text):
    """Option names from --help's option table: '  -h, --help  ...' or '  --port <port>  ...'."""
    names = set()
    for line in help_text.splitlines():
        m = re.match(r"^ {2}(?:-(\w), )?--([\w-]+)", line)
        if m:
            names.add("--" + m.group(2))
            if m.group(1):
                names.add("-" + m.group(1))
    return names


def section(roff, name):
    m = re.search(r"^\.SH " + name + r"\n(.*?)(?=^\.SH |\Z)", roff, re.M | re.S)
    return m.group(1) if m else ""


def documented_options(options_section):
    """Options named in the tag line of each .TP paragraph (the line after .TP)."""
    names = set()
    lines = options_section.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == ".TP":
            tag = lines[i + 1].replace("\\-", "-")
            names.update(re.findall(r"(?<![\w-])(--?[\w][\w-]*)", tag))
    return names


def main():
    binary, manpage = sys.argv[1], sys.argv[2]
    roff = open(manpage, encoding="utf-8").read()
    help_text = run([binary, "--help"])
    version = run([binary, "--version"]).split()[-1]
    failures = []

    listed = help_options(help_text)
    if len(listed) < 5:
        failures.append(f"could not read the options from --help (found {sorted(listed)})")
    documented = documented_options(section(roff, "OPTIONS"))
    for name in sorted(listed - documented):
        failures.append(f"{name} is in --help but has no paragraph in the man page's OPTIONS")
    for name in sorted(documented - listed):
        failures.append(f"{name} is documented in the man page but --help does not list it")

    variables = set(re.findall(r"ZIGGIE_[A-Z_]+", help_text))
    environment = section(roff, "ENVIRONMENT").replace("\\-", "-")
    for name in sorted(variables):
        if name not in environment:
            failures.append(f"{name} is in --help but not in the man page's ENVIRONMENT")

    th = re.search(r'^\.TH \S+ \d+ "[^"]*" "ziggie ([^"]+)"', roff, re.M)
    if not th or th.group(1) != version:
        failures.append(f".TH names version {th.group(1) if th else '(none)'}, ziggie --version says {version}")

    if shutil.which("man"):
        env = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80")
        r = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", manpage],
                           capture_output=True, text=True, timeout=30, env=env)
        if r.returncode != 0 or r.stderr.strip():
            failures.append(f"man --warnings: exit {r.returncode}\n{r.stderr.strip()}")
    else:
        print("man not installed: rendering not checked")

    print(f"--help lists {len(listed)} options and {len(variables)} variables; "
          f"the man page documents {len(documented)} options")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
