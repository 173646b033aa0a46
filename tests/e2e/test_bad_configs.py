#!/usr/bin/env python3
"""Bad configs against a running deployment: every tests/config/bad/*.yaml, applied with
`p4nf apply` to a deployment that runs a valid config of the same shape, must exit non-zero,
print its error at the line:col its `# expect: L:C: text` line names, and leave the
deployment byte-for-byte as it was: the contents of every pinned map, every pinned
program's id, the programs on the hooks, the BPF links and the state file.

The bad files name ports cfg-a and cfg-b and the module ../modules/l2l3.p4; the test copies
them next to a copy of tests/config/modules and appends `deployment: e2e<pid>` at the end
(so no line or column moves) to aim them at this run's deployment; a file of comments only
stays as it is (it is the empty config)."""
import glob
import json
import os
import re
import shutil
import sys

from harness import Deployment, Failure, bpf_links, check, hook_programs, log, main, run

BASE = """\
deployment: %(name)s
ports:
  1: cfg-a
  2: cfg-b
modules:
  l2:
    p4: ../modules/l2l3.p4
    tables:
      mac_table:
        entries:
          - { key: { hdr.ethernet.dst_addr: "02:00:00:00:00:02" }, action: forward, args: { port: 2 } }
          - { key: { hdr.ethernet.dst_addr: "02:00:00:00:00:01" }, action: forward, args: { port: 1 } }
      v4_routes:
        entries:
          - { key: { hdr.ipv4.dst_addr: 10.0.0.0/8 }, action: set_ttl_forward, args: { port: 2, ttl: 9 } }
chains:
  main:
    attach:
      - { interface: cfg-a, hook: xdp }
      - { interface: cfg-b, hook: xdp, mode: generic }
    modules: [l2]
sandbox:
  cfg-a: { addresses: [10.0.0.1/24] }
  cfg-b: { addresses: [10.0.0.2/24] }
"""


def snapshot(deployment):
    """Everything the deployment has in the kernel, as comparable data."""
    pins = {}
    root = "/sys/fs/bpf/p4nf/" + deployment.name
    for path in sorted(glob.glob(root + "/**", recursive=True)):
        if os.path.isdir(path):
            continue
        key = os.path.relpath(path, root)
        dump = run(["bpftool", "-j", "map", "dump", "pinned", path], check_exit=False)
        if dump.returncode == 0:
            info = json.loads(run(["bpftool", "-j", "map", "show", "pinned", path]).stdout)
            pins[key] = {"map_id": info["id"], "entries": json.loads(dump.stdout)}
            continue
        prog = run(["bpftool", "-j", "prog", "show", "pinned", path], check_exit=False)
        if prog.returncode == 0:
            info = json.loads(prog.stdout)
            pins[key] = {"prog_id": info["id"], "tag": info["tag"]}
            continue
        link = run(["bpftool", "-j", "link", "show", "pinned", path], check_exit=False)
        pins[key] = {"link": json.loads(link.stdout)["id"]} if link.returncode == 0 else {"unknown": True}
    check(pins, "nothing pinned under " + root)
    programs = {pin["prog_id"] for pin in pins.values() if "prog_id" in pin}
    for hook in hook_programs():
        for kind in hook.values():
            for attached in kind if isinstance(kind, list) else []:
                if isinstance(attached, dict) and "id" in attached:
                    programs.add(attached["id"])
    with open("/run/p4nf/%s/state.json" % deployment.name) as f:
        state = f.read()
    return {"pins": pins, "hooks": hook_programs(), "links": bpf_links(programs), "state": state}


def difference(before, after):
    lines = []
    for part in before:
        if before[part] != after[part]:
            if part == "pins":
                for key in sorted(set(before[part]) | set(after[part])):
                    if before[part].get(key) != after[part].get(key):
                        lines.append("  pin %s: %s -> %s" % (key, before[part].get(key), after[part].get(key)))
            else:
                lines.append("  %s changed" % part)
    return "\n".join(lines)


def expectations(path):
    """[(line, column, text)] from the `# expect: L:C: text` lines; [] for `# expect: ?`."""
    found = []
    with open(path) as f:
        for line in f:
            match = re.match(r"#\s*expect:\s*(\d+):(\d+):\s*(.*)$", line)
            if match:
                found.append((int(match.group(1)), int(match.group(2)), match.group(3).strip()))
    return found


def test(tools, args, workdir):
    source = os.path.join(args.source_dir, "tests", "config")
    bad_files = sorted(glob.glob(os.path.join(source, "bad", "*.yaml")))
    check(bad_files, "no bad configs in " + source + "/bad")
    shutil.copytree(os.path.join(source, "modules"), os.path.join(workdir, "modules"))
    os.makedirs(os.path.join(workdir, "bad"))
    with Deployment(tools, workdir) as deployment:
        deployment.config_path = os.path.join(workdir, "bad", "base.yaml")
        deployment.write_config(BASE % {"name": deployment.name})
        deployment.up_once()
        reference = snapshot(deployment)
        failures = []
        for bad in bad_files:
            name = os.path.basename(bad)
            target = os.path.join(workdir, "bad", name)
            with open(bad) as f:
                text = f.read()
            # A file with nothing but comments must stay empty: it tests the empty config.
            has_content = re.search(r"^\s*[^#\s]", text, re.M)
            if has_content and not re.search(r"^deployment:", text, re.M):
                text += ("" if text.endswith("\n") else "\n") + "deployment: %s\n" % deployment.name
            with open(target, "w") as f:
                f.write(text)
            result = deployment.apply(target, check_exit=False)
            output = result.stdout + result.stderr
            problems = []
            if result.returncode == 0:
                problems.append("exit code 0")
            wanted = expectations(bad)
            if wanted:
                for line, column, message in wanted:
                    if not re.search(r"%s:%d:%d: .*%s" % (re.escape(name), line, column, re.escape(message)), output):
                        problems.append("no error '%s:%d:%d: ...%s'" % (name, line, column, message))
            elif not re.search(re.escape(name) + r":\d+:\d+: ", output):
                problems.append("no error with line:col")
            now = snapshot(deployment)
            if now != reference:
                problems.append("the deployment changed:\n" + difference(reference, now))
            if problems:
                failures.append("%s: %s\n    output: %s" % (name, "; ".join(problems), output.strip()[:600]))
            else:
                log("ok  %s -> %s" % (name, (output.strip().splitlines() or [""])[0]))
        if failures:
            raise Failure("%d of %d bad configs:\n%s" % (len(failures), len(bad_files), "\n".join(failures)))
        log("%d bad configs refused, deployment unchanged" % len(bad_files))


if __name__ == "__main__":
    sys.exit(main(test))
