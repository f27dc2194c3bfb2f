"""The README's editor walk-through ("The editor's day"), timed on a copy of the example
portal: scaffold a service and fill it in, import ten services from a spreadsheet, fix
the two refused cells, check, preview (the first page, then an edit) and publish. Prints
each step's output and a table of seconds; one run, not a test (timings vary on a shared
machine).

    .venv/bin/python benchmarks/walkthrough.py [WORK_FOLDER]
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parents[1]
PORTAL_PARTS = ["docs", "catalogue", "self_care", "overrides", "hooks", "mkdocs.yml",
                "etulinja.yml"]
ETULINJA = [str(REPO / ".venv" / "bin" / "etulinja")]
SHEET = REPO / "tests" / "fixtures" / "editing" / "ten-services.xlsx"


def copy_portal(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for part in PORTAL_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, work / part)
        else:
            shutil.copy(source, work / part)
    (work / "build" / "content").mkdir(parents=True)


def fill_in(service: Path) -> None:
    """What the editor types over the scaffold's placeholders."""
    text = service.read_text(encoding="utf-8")
    text = text.replace('"TÄYTÄ: palvelun nimi"', '"Uniryhmä, Lahti"')
    text = text.replace('"FYLL I: tjänstens namn"', '"Sömngrupp, Lahtis"')
    text = re.sub(r'"TÄYTÄ: ([^"]*)"', lambda m: (
        '"Ryhmä unettomuudesta kärsiville aikuisille Lahdessa, kuusi tapaamista."'
        if "virke" in m.group(1) else '"Ryhmässä opit unen omahoidon keinoja."'), text)
    text = re.sub(r'"FYLL I: ([^"]*)"', lambda m: (
        '"Grupp för vuxna med sömnlöshet i Lahtis, sex träffar."'
        if "mening" in m.group(1) else '"I gruppen lär du dig sätt att sköta sömnen."'), text)
    text = text.replace("status: inactive", "status: active")
    service.write_text(text.replace("topics: [depression]", "topics: [sleep]"),
                       encoding="utf-8")


def fix_the_sheet(sheet: Path) -> None:
    """The two corrections the editor makes in the spreadsheet program."""
    book = openpyxl.load_workbook(sheet)
    cells = book["Palvelut"]
    cells["N6"] = str(cells["N6"].value).replace("unettomuus", "sleep")
    cells["V10"] = str(cells["V10"].value).replace("O", "0")
    book.save(sheet)


def main() -> int:
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "build" / "walkthrough"
    copy_portal(work)
    times: dict[str, float] = {}

    def run(name: str, *args: str, expect: int = 0) -> None:
        started = time.monotonic()
        result = subprocess.run([*ETULINJA, *args], cwd=work, capture_output=True,
                                text=True, check=False)
        times[name] = time.monotonic() - started
        print(f"== {name}: exit {result.returncode}, {times[name]:.1f} s")
        print((result.stdout + result.stderr)[-1500:])
        if result.returncode != expect:
            raise SystemExit(f"{name}: exit {result.returncode}, expected {expect}")

    run("1 scaffold a service", "new", "service", "lahti-uniryhma", "--municipality", "Lahti")
    fill_in(work / "catalogue" / "services" / "paijat-hame" / "lahti-uniryhma.yml")
    run("2 check the filled-in service", "check")
    shutil.copy(SHEET, work / SHEET.name)
    run("3 import ten services, dry run", "import", "services", SHEET.name, "--dry-run",
        expect=1)
    run("4 import ten services", "import", "services", SHEET.name, expect=1)
    fix_the_sheet(work / SHEET.name)
    run("5 import again after fixing the two cells", "import", "services", SHEET.name)
    run("6 check", "check")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/catalogue/services/kanta-hame-crisis-centre/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=60) as answer:
                return str(answer.read().decode("utf-8"))
        except OSError:
            return ""

    started = time.monotonic()
    server = subprocess.Popen([*ETULINJA, "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        while "kanta-hame" not in page().lower() and time.monotonic() - started < 600:
            time.sleep(0.5)
        times["7 preview: first page served"] = time.monotonic() - started
        service = work / "catalogue" / "services" / "kanta-hame" / "kanta-hame-crisis-centre.yml"
        text = service.read_text(encoding="utf-8")
        started = time.monotonic()
        service.write_text(text.replace("summary:\n  fi: ", "summary:\n  fi: Päivitetty. ", 1),
                           encoding="utf-8")
        while "Päivitetty." not in page() and time.monotonic() - started < 300:
            time.sleep(0.3)
        times["8 preview: an edit visible"] = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(60)
    run("9 publish: build", "build")
    print()
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.1f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
