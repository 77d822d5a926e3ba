"""Runs each build of the worker sample's offline walkthrough several times, alternating, and reports per build:
  ready      process start -> "Application started" (the host has started every hosted service: the emulator is up,
             the SQLite schema migrated, the dispatcher, scheduler and long polling are running)
  delivery   process start -> the first notification the emulator received ("Telegram received: ✅"); includes the
             wait for sns_auto_post, which runs every second here
  exit       process start -> exit (0, after the walkthrough's last step)
  peak RSS   VmHWM of /proc/<pid>/status, read every 10 ms until the process ends (the last value read)
Usage: measure.py <runs> <scratch folder> <name=working folder|command|args...> ...
"""
import os
import statistics
import subprocess
import sys
import threading
import time

runs = int(sys.argv[1])
scratch = sys.argv[2]
builds = []
for spec in sys.argv[3:]:
    name, rest = spec.split("=", 1)
    folder, *command = rest.split("|")
    builds.append((name, folder, command))

MARKS = {"ready": "Application started", "delivery": "Telegram received: \u2705"}


def run_once(name, folder, command, index):
    database = os.path.join(scratch, f"{name}-{index}.db")
    args = command + [
        "--Sample:ExitAfterFirstDelivery=true", "--Sample:FailureRate=0", "--Sample:AutoPostIntervalSeconds=1",
        f"--ConnectionStrings:SnsTelegram=Data Source={database}",
    ]
    env = dict(os.environ, DOTNET_NOLOGO="1", DOTNET_CLI_TELEMETRY_OPTOUT="1")
    start = time.monotonic()
    process = subprocess.Popen(args, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    seen = {}
    lines = []

    def read():
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace")
            lines.append(line)
            for key, text in MARKS.items():
                if key not in seen and text in line:
                    seen[key] = time.monotonic() - start

    reader = threading.Thread(target=read)
    reader.start()
    peak = 0
    status = f"/proc/{process.pid}/status"
    while process.poll() is None:
        try:
            with open(status) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.01)
    process.wait()
    exited = time.monotonic() - start
    reader.join()
    if process.returncode != 0 or "ready" not in seen or "delivery" not in seen:
        sys.exit(f"{name} run {index} failed (exit {process.returncode}):\n" + "".join(lines))
    return seen["ready"], seen["delivery"], exited, peak / 1024


results = {name: [] for name, _, _ in builds}
for index in range(runs + 1):  # run 0 warms the page cache for both builds and is not counted
    for name, folder, command in builds:
        sample = run_once(name, folder, command, index)
        if index > 0:
            results[name].append(sample)
            print(f"{name} run {index}: ready {sample[0] * 1000:.0f} ms, first delivery {sample[1] * 1000:.0f} ms, "
                  f"exit {sample[2] * 1000:.0f} ms, peak RSS {sample[3]:.1f} MB", flush=True)

print()
print("| build | ready (ms) | first delivery (ms) | exit (ms) | peak RSS, VmHWM (MB) |")
print("| --- | --- | --- | --- | --- |")
for name, samples in results.items():
    cells = []
    for column, scale in ((0, 1000), (1, 1000), (2, 1000), (3, 1)):
        values = [s[column] * scale for s in samples]
        cells.append(f"median {statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})")
    print(f"| {name} | " + " | ".join(cells) + " |")
