#!/usr/bin/env python3
"""Hostile and large assessment sheets through `smm import`: what each does and how long it takes.

Makes each probe with Python's zipfile (nothing of smm's own writer), runs `smm import PROBE -o
OUT.yaml` on it, and prints the exit status, the wall time, the peak memory and the first line
smm printed. The probes are the classes of the hostile-input round: a row number past Int's range,
bytes that are not UTF-8 in an element name, a bit flipped in a stored part (CRC), two parts of one
name, a truncated or too short shared-strings table, one cell at XFD1048576, 60 sheets naming one
part, a 15 MB sheet part (over libxml2's 10,000,000-byte chunk), a real assessment of 1,000 systems
(18,000 rows) as XLSX and CSV, a million short CSV rows, 10 MiB of newlines.

Usage: python3 Benchmarks/hostile_sheets.py [--smm .build/release/smm] [--keep DIR]
Build first: swift build -c release --product smm.
"""
import argparse
import os
import subprocess
import tempfile
import time
import warnings
import zipfile

PRACTICES = [
    "security-program-management", "compliance-management", "threat-modeling", "risk-attitude",
    "product-supply-chain-risk-management", "services-third-party-dependencies-management",
    "establishing-and-maintaining-identities", "access-control", "asset-change-and-configuration-management",
    "physical-protection", "security-model-and-policy-for-data", "implementation-of-data-protection-controls",
    "vulnerability-assessment", "patch-management", "monitoring-practices",
    "situational-awareness-and-information-sharing", "event-detection-and-response-plan",
    "remediation-recovery-and-continuity-of-operations",
]
HEAD = ('<row r="1"><c r="A1" t="inlineStr"><is><t>system</t></is></c><c r="B1" t="inlineStr"><is><t>practice id'
        '</t></is></c><c r="C1" t="inlineStr"><is><t>current level</t></is></c><c r="D1" t="inlineStr"><is><t>'
        'target level</t></is></c></row>')


def row(n, system, practice, current, target):
    return (f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{system}</t></is></c><c r="B{n}" t="inlineStr"><is>'
            f'<t>{practice}</t></is></c><c r="C{n}"><v>{current}</v></c><c r="D{n}"><v>{target}</v></c></row>')


def sheet(rows):
    return f'<?xml version="1.0"?><worksheet><sheetData>{HEAD}{rows}</sheetData></worksheet>'


def workbook(path, sheet_xml, shared=None, sheets=1, stored=False, extra=()):
    names = ''.join(f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(sheets))
    rels = ''.join(f'<Relationship Id="rId{i + 1}" Target="worksheets/sheet1.xml" Type="x"/>' for i in range(sheets))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one probe
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/workbook.xml", f'<workbook xmlns:r="r"><sheets>{names}</sheets></workbook>')
            z.writestr("xl/_rels/workbook.xml.rels", f"<Relationships>{rels}</Relationships>")
            if shared is not None:
                z.writestr("xl/sharedStrings.xml", shared)
            z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
            for name, data in extra:
                z.writestr(name, data)


def make(folder):
    ok = row(2, "gw", PRACTICES[0], 1, 3)
    p = lambda name: os.path.join(folder, name)
    workbook(p("row-overflow.xlsx"), sheet(ok + '<row r="9223372036854775807"><c><v>1</v></c></row>'))
    workbook(p("not-utf8.xlsx"), sheet(ok).encode().replace(b"<sheetData>", b"<sheetData><x\xff\xfe/>"))
    workbook(p("crc.xlsx"), sheet(ok), stored=True)
    data = bytearray(open(p("crc.xlsx"), "rb").read())
    at = data.find(b'<c r="C2"><v>1')
    data[at + len(b'<c r="C2"><v>')] = ord("2")
    open(p("crc.xlsx"), "wb").write(bytes(data))
    workbook(p("two-parts-one-name.xlsx"), sheet(ok), extra=[("xl/worksheets/sheet1.xml", sheet(row(2, "gw", PRACTICES[0], 2, 3)))])
    third = f'<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="inlineStr"><is><t>{PRACTICES[1]}</t></is></c></row>'
    workbook(p("shared-truncated.xlsx"), sheet(ok + third), shared="<sst><si><t>gw</t></si")
    past = third.replace("<v>0</v>", "<v>5</v>")
    workbook(p("shared-index-past-end.xlsx"), sheet(ok + past), shared="<sst><si><t>gw</t></si></sst>")
    workbook(p("xfd1048576.xlsx"), sheet(ok + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    filler = lambda n: "".join(f'<row r="{i}"><c r="E{i}"><v>{i}</v></c></row>' for i in range(3, n))
    workbook(p("sixty-sheets-one-part.xlsx"), sheet(ok + filler(250_000)), sheets=60)
    workbook(p("part-over-10MB.xlsx"), sheet(ok + filler(330_000)))
    real = "".join(row(2 + i * 18 + j, f"sys-{i}", practice, 1, 3)
                   for i in range(1000) for j, practice in enumerate(PRACTICES))
    workbook(p("assessment-1000-systems.xlsx"), sheet(real))
    with open(p("assessment-1000-systems.csv"), "w") as f:
        f.write("system,practice id,current level,target level\n")
        for i in range(1000):
            for practice in PRACTICES:
                f.write(f"sys-{i},{practice},1,3\n")
    with open(p("million-short-rows.csv"), "w") as f:
        f.write("system,practice id,current level,target level\n" + "a,b\n" * 1_000_000)
    with open(p("ten-MiB-of-newlines.csv"), "w") as f:
        f.write("system,practice id,current level,target level\n" + "\n" * (10 << 20))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smm", default=".build/release/smm")
    parser.add_argument("--keep", help="make the probes in this folder and keep them")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="smm-hostile-sheets-")
    os.makedirs(folder, exist_ok=True)
    make(folder)
    print(f"{'probe':34} {'exit':>4} {'wall s':>7} {'peak MB':>8}  first line")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".yaml"):
            continue
        out = os.path.join(folder, name + ".yaml")
        start = time.monotonic()
        with tempfile.TemporaryFile() as err:
            child = subprocess.Popen([args.smm, "import", os.path.join(folder, name), "-o", out],
                                     stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
            wall = time.monotonic() - start
            err.seek(0)
            text = err.read().decode(errors="replace")
        code = os.waitstatus_to_exitcode(status)
        line = (text.strip().splitlines() or [""])[0].replace(folder + "/", "")[:110]
        print(f"{name:34} {code:>4} {wall:>7.2f} {usage.ru_maxrss / 1024:>8.0f}  {line}")


if __name__ == "__main__":
    main()
