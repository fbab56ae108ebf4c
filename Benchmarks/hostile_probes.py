#!/usr/bin/env python3
"""Hostile files against the surfaces other than sheets: what smm does with each, and whether that holds.

Each probe is made here (nothing of smm's own writers is trusted to make it), run through the
release binary, and judged by what a user would need: no crash (exit >= 128 other than the
signals it was sent), no input replaced or changed, no false claim, no secret echoed, output that
reads back. Prints one line per probe: PASS or FAIL, the exit code, and what was seen. The sheet
probes are in hostile_sheets.py; the fuzz harnesses in Fuzz/.

Usage: python3 Benchmarks/hostile_probes.py [--smm .build/release/smm] [--keep DIR] [--big]
--big adds the 10,000-system `--time-limit 10` probe (about 30 s). Build first:
swift build -c release --product smm.
"""
import argparse
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HVAC = os.path.join(ROOT, "Scenarios", "hvac-integrator.yaml")
results = []


def run(smm, args, cwd, timeout=120, env=None):
    started = time.monotonic()
    p = subprocess.run([smm] + args, cwd=cwd, capture_output=True, text=True, errors="replace",
                       timeout=timeout, env=env)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - started


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def record(name, ok, code, seen):
    results.append((name, ok, code, seen.replace("\n", " ")[:110]))


def crashed(code):
    return code < 0 or code >= 128


def probe_crlf_splice(smm, d):
    """import --into a scenario saved with Windows line endings keeps every line, CRLF kept."""
    sheet = os.path.join(d, "a.csv")
    with open(sheet, "w") as f:
        f.write("system,practice id,current level,target level\nhvac,patch-management,2,3\n")
    for name, text in [("crlf-whole", open(HVAC).read().replace("\n", "\r\n")),
                       ("crlf-one-line", open(HVAC).read().replace("systems:\n", "systems:\r\n"))]:
        path = os.path.join(d, name + ".yaml")
        with open(path, "w", newline="") as f:
            f.write(text)
        code, out, err, _ = run(smm, ["import", sheet, "--into", path], d)
        after = open(path, newline="").read()
        kept = "dependencies:" in after and after.count("deadlines:") == 1
        # A whole-CRLF file stays CRLF; the rewritten systems block takes the file's dominant ending.
        endings_kept = after.count("\r\n") >= after.count("\n") - 1 if name == "crlf-whole" else True
        ok = code == 0 and kept and endings_kept and "current: 2" in after
        record("import --into, " + name, ok and not crashed(code), code,
               f"rest kept={kept}, endings kept={endings_kept} {err.strip()[:60]}")


def probe_read_only_and_annotations(smm, d):
    sheet = os.path.join(d, "b.csv")
    with open(sheet, "w") as f:
        f.write("system,practice id,current level,target level\nhvac,patch-management,2,3\n")
    path = os.path.join(d, "ro.yaml")
    text = open(HVAC).read().replace("patch-management:                              {current: 1, target: 3}",
                                      "patch-management: {current: 1, target: 3, x-owner: ops}")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o444)
    before = digest(path)
    code, _, err, _ = run(smm, ["import", sheet, "--into", path], d)
    record("import --into a 0444 file", code != 0 and digest(path) == before and not crashed(code), code,
           err.strip())
    os.chmod(path, 0o644)
    code, _, err, _ = run(smm, ["import", sheet, "--into", path], d)
    record("import --into keeps x- notes", code == 0 and "x-owner: ops" in open(path).read(), code, err.strip())
    os.makedirs(os.path.join(d, "elsewhere"), exist_ok=True)
    cat_scn = os.path.join(d, "withcat.yaml")
    with open(cat_scn, "w") as f:
        f.write(text.replace("catalog: iic-smm", "catalog: mycat.yaml"))
    code, out, err, _ = run(smm, ["catalog", "-f", "json"], d)
    code, _, err, _ = run(smm, ["import", sheet, "--into", cat_scn, "-o", "elsewhere/out.yaml"], d)
    out_path = os.path.join(d, "elsewhere", "out.yaml")
    resolves = not os.path.exists(out_path) or "mycat.yaml" not in open(out_path).read() or \
        "../mycat.yaml" in open(out_path).read()
    record("import --into S -o elsewhere/ (relative catalog)", resolves and not crashed(code), code, err.strip())


def probe_inputs_never_replaced(smm, d):
    plan = os.path.join(d, "plan.json")
    code, _, err, _ = run(smm, ["plan", HVAC, "-f", "json", "-o", plan, "--time-limit", "20"], d)
    before = digest(plan)
    code, _, err, _ = run(smm, ["render", plan, "-o", plan], d)
    record("render plan.json -o plan.json", code != 0 and digest(plan) == before, code, err.strip())
    link = os.path.join(d, "link.json")
    os.symlink(plan, link)
    code, _, err, _ = run(smm, ["render", plan, "-f", "json", "-o", link], d)
    record("render plan.json -o link-to-plan.json", code != 0 and digest(plan) == before, code, err.strip())
    progress = os.path.join(d, "p.yaml")
    shutil.copy(os.path.join(ROOT, "Scenarios", "progress", "hvac-integrator-2027-Q4.yaml"), progress)
    shutil.copy(os.path.join(ROOT, "Scenarios", "progress", "hvac-integrator-baseline-2027-Q1.json"), d)
    before = digest(progress)
    code, _, err, _ = run(smm, ["plan", HVAC, "--progress", progress, "-f", "table", "-o", progress,
                                "--time-limit", "20"], d)
    record("plan --progress p.yaml -o p.yaml", code != 0 and digest(progress) == before, code, err.strip())


def probe_penalty_claim(smm, d):
    """A change penalty that drowns the step values must not yield "optimal, gap 0" for a worse plan."""
    source = os.path.join(ROOT, "Scenarios", "progress", "hvac-integrator-2027-Q4.yaml")
    for penalty in ["1e8", "1e12"]:
        progress = os.path.join(d, f"penalty-{penalty}.yaml")
        text = open(source).read().replace("change_penalty: 0.5", f"change_penalty: {penalty}").replace(
            "baseline: hvac-integrator", "baseline: " + os.path.join(ROOT, "Scenarios", "progress", "hvac-integrator"))
        with open(progress, "w") as f:
            f.write(text)
        code, out, err, _ = run(smm, ["plan", HVAC, "--progress", progress, "-f", "json", "--time-limit", "20"], d)
        claim = json.loads(out).get("status", "") if code == 0 and out.startswith("{") else ""
        record(f"change_penalty: {penalty}", not crashed(code) and claim != "optimal", code, claim or err.strip())


def probe_render_claims(smm, d):
    plan = os.path.join(d, "plan.json")
    doc = json.load(open(plan))
    edited = dict(doc)
    edited["steps"] = doc["steps"][: max(0, len(doc["steps"]) - 3)]
    path = os.path.join(d, "edited.json")
    json.dump(edited, open(path, "w"))
    code, out, err, _ = run(smm, ["render", path, "-f", "json"], d)
    status = json.loads(out).get("status") if code == 0 and out.startswith("{") else ""
    record("render of a plan with steps removed", status != "optimal" and not crashed(code), code,
           status or err.strip())
    marked = dict(doc)
    marked["status"] = "infeasible"
    marked["conflict"] = "INJECTED TEXT"
    path = os.path.join(d, "infeasible.json")
    json.dump(marked, open(path, "w"))
    code, out, err, _ = run(smm, ["render", path], d)
    record("render of a plan marked infeasible", "INJECTED" not in out + err and not crashed(code), code,
           err.strip() or out.strip()[:80])


def probe_disclosure(smm, d):
    shadow = os.path.join(d, "shadow")
    secret = "root:$6$SECRETSALT$abcdefghijklmnopqrstuvwxyz0123456789:19000:0:99999:7:::"
    with open(shadow, "w") as f:
        f.write(secret + "\ndaemon:*:19000:0:99999:7:::\n")
    for label, args in [("catalog", ["validate", None]), ("progress", ["plan", HVAC, "--progress", shadow])]:
        if label == "catalog":
            scn = os.path.join(d, "shadowcat.yaml")
            with open(scn, "w") as f:
                f.write(open(HVAC).read().replace("catalog: iic-smm", f"catalog: {shadow}"))
            args = ["validate", scn]
        code, out, err, _ = run(smm, args, d)
        record(f"/etc/shadow-like file as {label}", "SECRETSALT" not in out + err and code != 0 and not crashed(code),
               code, err.strip())
    long_key = "k" * 400
    scn = os.path.join(d, "longkey.yaml")
    with open(scn, "w") as f:
        f.write(open(HVAC).read().replace("quarters: 8", f"quarters: 8\n{long_key}: 1"))
    code, out, err, _ = run(smm, ["validate", scn], d)
    longest = max((len(w) for w in err.split()), default=0)
    record("400-character unknown key", code == 2 and longest < 120, code, f"longest word {longest} chars")
    long_id = "s" * 40000
    scn = os.path.join(d, "longid.yaml")
    with open(scn, "w") as f:
        f.write(open(HVAC).read().replace("  - id: hvac", f"  - id: {long_id}").replace("system: hvac", f"system: {long_id}"))
    code, out, err, _ = run(smm, ["validate", scn], d)
    record("40,000-character system id", len(out + err) < 4000 and not crashed(code), code,
           f"{len(out + err)} characters printed")
    progress = os.path.join(d, "huge-progress.yaml")
    with open(progress, "w") as f:
        f.write("format: smm-progress/1\nscenario: x.yaml\nas_of: 2027-Q3\ndone:\n")
        line = "  - {system: nope, practice: nope, to: 9, quarter: 2027-Q1}\n"
        f.write(line * (4_000_000 // len(line)))
    code, out, err, _ = run(smm, ["plan", HVAC, "--progress", progress], d)
    record("4 MB progress file of bad steps", len(out + err) < 50_000 and code == 2, code,
           f"{len(out + err)} characters of messages")


def probe_broken_output(smm, d):
    plan = os.path.join(d, "plan.json")
    odd = os.path.join(d, "odd.yaml")
    with open(odd, "w") as f:
        f.write(open(HVAC).read().replace("  - id: hvac", '  - id: "h\\\\v\\"ac"')
                .replace("system: hvac", 'system: "h\\\\v\\"ac"'))
    oddplan = os.path.join(d, "oddplan.json")
    code, _, err, _ = run(smm, ["plan", odd, "-f", "json", "-o", oddplan, "--time-limit", "20"], d)
    prog = os.path.join(d, "oddprogress.yaml")
    code, _, err, _ = run(smm, ["progress", "init", "--baseline", oddplan, "--as-of", "2027-Q3", "-o", prog], d)
    code2, _, err2, _ = run(smm, ["plan", odd, "--progress", prog, "--time-limit", "20"], d)
    record("progress init with a backslash and quote in an id", code == 0 and code2 == 0, code2,
           (err + err2).strip())
    a = os.path.join(d, "collide.yaml")
    text = open(os.path.join(ROOT, "Scenarios", "hvac-integrator.yaml")).read()
    with open(a, "w") as f:
        f.write(text)
    code, out, err, _ = run(smm, ["plan", a, "-f", "oscal-poam", "--time-limit", "20"], d)
    uuids = []
    if code == 0:
        def walk(node):
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "uuid":
                        uuids.append(v)
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(json.loads(out))
    record("OSCAL UUIDs unique", code == 0 and len(uuids) == len(set(uuids)), code, f"{len(uuids)} uuids")
    pct = os.path.join(d, "pct.yaml")
    with open(pct, "w") as f:
        f.write(text.replace("name: HVAC control system (controllers, SCADA, HMI consoles, networks)",
                             'name: "%%{init: evil}%% HVAC"'))
    code, out, err, _ = run(smm, ["plan", pct, "-f", "markdown", "--time-limit", "20"], d)
    gantt = out.split("```mermaid", 1)[-1].split("```", 1)[0] if "```mermaid" in out else ""
    comment_lines = [line for line in gantt.splitlines() if line.strip().startswith("%%")]
    record("Mermaid label starting with %%", code == 0 and gantt != "" and not comment_lines, code,
           f"{len(comment_lines)} comment lines")


def probe_interrupted_sweep(smm, d):
    scn = os.path.join(ROOT, "Scenarios", "vendor-portfolio.yaml")
    out_path = os.path.join(d, "sweep.json")
    p = subprocess.Popen([smm, "sweep", scn, "--budget", "20000...200000", "--steps", "20", "--time-limit", "60",
                          "-f", "json", "-o", out_path, "-v"], cwd=d, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    # Signal once the first point is planned (an event on its log), not after a sleep.
    for line in p.stderr:
        if "point" in line.lower() or "planned" in line.lower():
            break
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=120)
    complete = None
    if os.path.exists(out_path):
        complete = json.load(open(out_path)).get("complete")
    record("sweep stopped by SIGTERM", p.returncode == 143 and complete is False, p.returncode,
           f"complete={complete}")


def probe_time_limit(smm, d):
    big = os.path.join(d, "p10k.yaml")
    run(smm, ["generate", "--systems", "10000", "--quarters", "8", "--seed", "1", "-o", big], d, timeout=300)
    code, out, err, wall = run(smm, ["plan", big, "--time-limit", "10", "-f", "json", "-o",
                                     os.path.join(d, "p10k.json")], d, timeout=300)
    record("10,000 systems, --time-limit 10", wall <= 11 and code == 0, code, f"{wall:.1f} s wall")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smm", default=os.path.join(ROOT, ".build", "release", "smm"))
    parser.add_argument("--keep")
    parser.add_argument("--big", action="store_true")
    args = parser.parse_args()
    smm = os.path.abspath(args.smm)
    d = args.keep or tempfile.mkdtemp(prefix="smm-probes-")
    os.makedirs(d, exist_ok=True)
    probes = [probe_crlf_splice, probe_read_only_and_annotations, probe_inputs_never_replaced, probe_penalty_claim,
              probe_render_claims, probe_disclosure, probe_broken_output, probe_interrupted_sweep]
    if args.big:
        probes.append(probe_time_limit)
    for probe in probes:
        try:
            probe(smm, d)
        except Exception as error:  # a probe that cannot run is a failure, never a skip
            record(probe.__name__, False, -1, f"probe error: {error!r}")
    width = max(len(r[0]) for r in results)
    for name, ok, code, seen in results:
        print(f"{'PASS' if ok else 'FAIL'}  {name:<{width}}  exit {code:>3}  {seen}")
    print(f"{sum(r[1] for r in results)} of {len(results)} hold")
    if not args.keep:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
