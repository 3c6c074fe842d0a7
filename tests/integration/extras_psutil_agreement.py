#!/usr/bin/env python3
"""The machine readers (ziggie-extras-probe) against psutil read at the same moment.

The probe takes one reading per line it is sent, so psutil is read right before and right
after each of its readings. A cumulative counter the probe reports must then lie between the
two psutil values (and equal them when nothing moved in between): that is what "exact" can
mean for counters that other processes keep moving. Per-core busy share is compared over the
same interval (within 5 points), the load average exactly, swap total exactly.

psutil also reads another procfs (psutil.PROCFS_PATH), so the fixture machines of
tests/data/machine are compared too: every counter exactly, and per-core busy share over a
made-up interval with uneven loads, guest, steal and an iowait that goes backwards.

Run with Debian's /usr/bin/python3 (python3-psutil): extras_psutil_agreement.py PROBE
"""
import json, os, subprocess, sys, tempfile, time, warnings

import psutil

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "machine")
INTERVAL_S = 1.0
CORE_TOLERANCE = 5.0
ATTEMPTS = 20


class Probe:
    def __init__(self, binary, *args):
        self.proc = subprocess.Popen([binary, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def read(self):
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"probe exited with {self.proc.wait()}")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def physical_interfaces():
    return {n for n in psutil.net_io_counters(pernic=True, nowrap=False) if os.path.exists(f"/sys/class/net/{n}/device")}


def whole_disks():
    return {d for d in psutil.disk_io_counters(perdisk=True, nowrap=False)
            if os.path.exists("/sys/block/%s/device" % d.replace("/", "!"))}


def system_battery_present():
    base = "/sys/class/power_supply"
    for name in os.listdir(base) if os.path.isdir(base) else []:
        def attr(a):
            try:
                with open(os.path.join(base, name, a)) as f:
                    return f.read().strip()
            except OSError:
                return None
        if attr("type") == "Battery" and attr("scope") != "Device" and attr("present") != "0":
            return True
    return False


def between(low, value, high):
    return low <= value <= high


def check_counters(probe, problems, report):
    """Network and disk byte counters, the load average: bracketed by psutil."""
    quiet_net = quiet_disk = compared_net = compared_disk = 0
    load_exact = None
    for _ in range(ATTEMPTS):
        net0, disk0, load0 = (psutil.net_io_counters(pernic=True, nowrap=False), psutil.disk_io_counters(perdisk=True, nowrap=False),
                              psutil.getloadavg())
        ours = probe.read()
        net1, disk1, load1 = (psutil.net_io_counters(pernic=True, nowrap=False), psutil.disk_io_counters(perdisk=True, nowrap=False),
                              psutil.getloadavg())
        for i in ours["interfaces"]:
            name = i["name"]
            if name not in net0 or name not in net1:
                continue  # came or went during the reading
            compared_net += 1
            for key, theirs in (("rx", "bytes_recv"), ("tx", "bytes_sent")):
                low, high = getattr(net0[name], theirs), getattr(net1[name], theirs)
                if not between(low, i[key], high):
                    problems.append(f"interface {name} {key} {i[key]} not within psutil's {low}..{high}")
            quiet_net += net0[name] == net1[name] and (i["rx"], i["tx"]) == (net0[name].bytes_recv,
                                                                               net0[name].bytes_sent)
        for d in ours["disks"]:
            name = d["name"]
            if name not in disk0 or name not in disk1:
                continue
            compared_disk += 1
            for key, theirs in (("read", "read_bytes"), ("written", "write_bytes")):
                low, high = getattr(disk0[name], theirs), getattr(disk1[name], theirs)
                if not between(low, d[key], high):
                    problems.append(f"disk {name} {key} {d[key]} not within psutil's {low}..{high}")
            quiet_disk += (d["read"], d["written"]) == (disk0[name].read_bytes, disk0[name].write_bytes) \
                and disk0[name] == disk1[name]
        if load0 == load1:
            load_exact = (tuple(ours["load"]), load0)
            if tuple(ours["load"]) != load0:
                problems.append(f"load {ours['load']} vs psutil {load0}")
        if problems or (load_exact and quiet_net == compared_net and quiet_disk == compared_disk):
            break
        time.sleep(0.05)  # something moved during the reading: try a quieter moment
    if load_exact is None:
        problems.append("the load average changed during every reading")
    report.append(f"network: {compared_net} interface readings within psutil's bracket, {quiet_net} of them "
                  f"with nothing moving (equal to psutil)")
    report.append(f"disks: {compared_disk} disk readings within psutil's bracket, {quiet_disk} equal to psutil")
    if load_exact:
        report.append(f"load: {list(load_exact[0])} == psutil {list(load_exact[1])}")
    return ours


def check_selection(ours, problems, report):
    ours_nics = {i["name"] for i in ours["interfaces"] if i["physical"]}
    expected_nics = physical_interfaces()
    if ours_nics != expected_nics:
        problems.append(f"physical interfaces {sorted(ours_nics)} vs /sys/class/net/*/device {sorted(expected_nics)}")
    ours_disks = {d["name"] for d in ours["disks"] if d["counted"]}
    expected_disks = whole_disks()
    if ours_disks != expected_disks:
        problems.append(f"counted disks {sorted(ours_disks)} vs /sys/block/*/device {sorted(expected_disks)}")
    report.append(f"selected interfaces {sorted(ours_nics)}, disks {sorted(ours_disks)} "
                  f"(psutil lists {sorted(psutil.net_io_counters(pernic=True, nowrap=False))} and "
                  f"{sorted(psutil.disk_io_counters(perdisk=True, nowrap=False))})")


def check_cores(probe, problems, report):
    psutil.cpu_percent(percpu=True)  # psutil's baseline, right before ours
    probe.read()
    time.sleep(INTERVAL_S)  # the interval both measure; not a test of timing
    theirs = psutil.cpu_percent(percpu=True)
    ours = probe.read()
    percents = [c["percent"] for c in ours["cores"]]
    if len(percents) != len(theirs):
        problems.append(f"{len(percents)} cores measured, psutil has {len(theirs)}")
        return
    worst = max((abs(a - b) for a, b in zip(percents, theirs)), default=0.0)
    if worst > CORE_TOLERANCE:
        problems.append(f"per-core {[round(p, 1) for p in percents]} vs psutil {theirs}")
    report.append(f"cores: {len(percents)} over {ours['interval_s']:.3f} s, ours "
                  f"{[round(p, 1) for p in percents]} vs psutil {theirs}, worst difference {worst:.2f} points")
    # The raw idle ticks lie within psutil's before/after reading of the same counters.
    ticks = os.sysconf("SC_CLK_TCK")
    before = psutil.cpu_times(percpu=True)
    ours = probe.read()
    after = psutil.cpu_times(percpu=True)
    for raw, b, a in zip(ours["cores_raw"], before, after):
        if not between(round(b.idle * ticks), raw["idle"], round(a.idle * ticks)):
            problems.append(f"cpu{raw['cpu']} idle {raw['idle']} ticks not within psutil's "
                            f"{round(b.idle * ticks)}..{round(a.idle * ticks)}")


def check_instant(ours, problems, report):
    swap = psutil.swap_memory()
    if ours["swap"]["total"] != swap.total:
        problems.append(f"swap total {ours['swap']['total']} vs psutil {swap.total}")
    if abs(ours["swap"]["percent"] - swap.percent) > 1.0:
        problems.append(f"swap percent {ours['swap']['percent']} vs psutil {swap.percent}")
    report.append(f"swap: total {ours['swap']['total']} == psutil {swap.total}, "
                  f"{ours['swap']['percent']:.1f} % vs {swap.percent} %")

    theirs = sorted((chip, t.label) for chip, temps in psutil.sensors_temperatures().items() for t in temps)
    mine = sorted((t["chip"], t["label"]) for t in ours["temperatures"])
    if mine != theirs:
        problems.append(f"temperature sensors {mine} vs psutil {theirs}")
    report.append(f"temperatures: {len(mine)} sensors, psutil {len(theirs)}")

    battery = psutil.sensors_battery()
    if battery is not None and not system_battery_present():
        # psutil takes any supply named like a battery, a wireless mouse's included; ours
        # only the system's. Nothing to compare then.
        report.append(f"battery: psutil reports a device's battery ({battery}), ours {ours['battery']}")
        return
    if (battery is None) != (ours["battery"] is None):
        problems.append(f"battery {ours['battery']} vs psutil {battery}")
    elif battery is not None and abs(battery.percent - ours["battery"]["percent"]) > 1.0:
        problems.append(f"battery {ours['battery']['percent']} % vs psutil {battery.percent} %")
    report.append(f"battery: {ours['battery']} vs psutil {battery}")


def check_allow_list(binary, problems, report):
    probe = Probe(binary, "--interfaces", "lo")
    try:
        probe.read()
        ours = probe.read()
    finally:
        probe.close()
    summed = ours["network"]["interfaces"] if ours["network"] else None
    if summed != ["lo"]:
        problems.append(f"--interfaces lo summed {summed}")
    report.append(f"--interfaces lo sums {summed}")


def core_work(t):
    return sum(getattr(t, f, 0) for f in ("user", "nice", "system", "irq", "softirq", "steal"))


def check_fixture_machines(binary, problems, report):
    """psutil and the probe on the same fixture files: every counter equal."""
    ticks = os.sysconf("SC_CLK_TCK")
    compared = []
    for machine in sorted(os.listdir(DATA)):
        proc = os.path.join(DATA, machine, "proc")
        if not os.path.isdir(proc):
            continue
        probe = Probe(binary, "--proc", proc, "--sys", os.path.join(DATA, machine, "sys"))
        try:
            ours = probe.read()
        finally:
            probe.close()
        psutil.PROCFS_PATH = proc
        n = 0
        if os.path.exists(os.path.join(proc, "stat")):
            theirs = psutil.cpu_times(percpu=True)
            if len(theirs) != len(ours["cores_raw"]):
                problems.append(f"{machine}: {len(ours['cores_raw'])} CPUs, psutil {len(theirs)}")
            for raw, t in zip(ours["cores_raw"], theirs):
                expected = (round(core_work(t) * ticks), round(t.idle * ticks), round(getattr(t, "iowait", 0) * ticks))
                if (raw["work"], raw["idle"], raw["iowait"]) != expected:
                    problems.append(f"{machine}: cpu{raw['cpu']} {raw} vs psutil {expected}")
                n += 1
        if os.path.exists(os.path.join(proc, "net/dev")):
            theirs = psutil.net_io_counters(pernic=True, nowrap=False)
            mine = {i["name"]: (i["rx"], i["tx"]) for i in ours["interfaces"]}
            expected = {k: (v.bytes_recv, v.bytes_sent) for k, v in theirs.items()}
            if mine != expected:
                problems.append(f"{machine}: interfaces {mine} vs psutil {expected}")
            n += len(mine)
        if os.path.exists(os.path.join(proc, "diskstats")):
            theirs = psutil.disk_io_counters(perdisk=True, nowrap=False)
            mine = {d["name"]: (d["read"], d["written"]) for d in ours["disks"]}
            expected = {k: (v.read_bytes, v.write_bytes) for k, v in theirs.items()}
            if mine != expected:
                problems.append(f"{machine}: disks {mine} vs psutil {expected}")
            n += len(mine)
        if os.path.exists(os.path.join(proc, "meminfo")):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # no vmstat in a fixture: psutil warns, sin/sout 0
                swap = psutil.swap_memory()
            if (ours["swap"]["total"], ours["swap"]["used"]) != (swap.total, swap.used):
                problems.append(f"{machine}: swap {ours['swap']} vs psutil {swap.total} total {swap.used} used")
            n += 1
        if os.path.exists(os.path.join(proc, "loadavg")):
            with open(os.path.join(proc, "loadavg")) as f:
                expected = [float(x) for x in f.read().split()[:3]]
            if ours["load"] != expected:
                problems.append(f"{machine}: load {ours['load']} vs {expected}")
        compared.append(f"{machine} ({n})")
    psutil.PROCFS_PATH = "/proc"
    report.append("fixture machines, every counter equal to psutil's on the same files: " + ", ".join(compared))


def check_cores_made_up(binary, problems, report):
    """Per-core busy share over one made-up interval: uneven, with guest, steal, iowait back."""
    with open(os.path.join(DATA, "desktop", "proc", "stat")) as f:
        first = f.read()
    lines = []
    for line in first.splitlines():
        fields = line.split()
        if fields and fields[0].startswith("cpu") and fields[0] != "cpu":
            i = int(fields[0][3:])
            v = [int(x) for x in fields[1:]]
            # user nice system idle iowait irq softirq steal guest guest_nice
            step = [13 * i, i % 3, 7, 230 - 14 * i, (i % 4) * 3 - (4 if i == 5 else 0), 1, 2, i % 2,
                    min(3, 13 * i), 0]
            line = fields[0] + " " + " ".join(str(a + b) for a, b in zip(v, step))
        lines.append(line)
    second = "\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        stat = os.path.join(tmp, "stat")
        with open(stat, "w") as f:
            f.write(first)
        probe = Probe(binary, "--proc", tmp, "--sys", os.path.join(tmp, "sys"))
        try:
            psutil.PROCFS_PATH = tmp
            psutil.cpu_percent(percpu=True)
            probe.read()
            with open(stat, "w") as f:  # in place: the probe keeps the file open
                f.write(second)
            theirs = psutil.cpu_percent(percpu=True)
            ours = [c["percent"] for c in probe.read()["cores"]]
        finally:
            psutil.PROCFS_PATH = "/proc"
            probe.close()
    worst = max(abs(a - b) for a, b in zip(ours, theirs)) if len(ours) == len(theirs) else None
    if worst is None or worst > 0.1:  # psutil rounds to one decimal
        problems.append(f"made-up interval: ours {ours} vs psutil {theirs}")
    report.append(f"made-up interval, {len(ours)} CPUs from {min(ours):.1f} to {max(ours):.1f} % busy: "
                  f"worst difference from psutil {worst:.3f} points (psutil rounds to 0.1)")


def main(binary):
    problems, report = [], []
    probe = Probe(binary)
    try:
        probe.read()  # the baseline, as the sampler's first tick
        ours = check_counters(probe, problems, report)
        check_selection(ours, problems, report)
        check_cores(probe, problems, report)
        check_instant(ours, problems, report)
        if ours["faults"]:
            problems.append(f"faults: {ours['faults']}")
    finally:
        probe.close()
    check_allow_list(binary, problems, report)
    check_fixture_machines(binary, problems, report)
    check_cores_made_up(binary, problems, report)
    print("\n".join(report))
    if problems:
        print("disagree:\n  " + "\n  ".join(problems))
        return 1
    print("agree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
