"""Scale benchmark: Etulinja against a stock MkDocs build of the same content.

For each size N it synthesises a national catalogue (`etulinja synth`), builds the
example portal with it cold (`etulinja build`: validate, assemble, MkDocs, Pagefind)
and measures wall time, peak memory of the whole process tree, pages, output size,
median service page, search index and what the first search transfers. The same
services are then written as plain Markdown pages and built by stock MkDocs + Material
(its lunr search on) + mkdocs-static-i18n with default settings. Run as a script;
see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
WORK = Path(os.environ.get("ETULINJA_BENCH_WORK", REPO / "build" / "bench"))
PORTAL_PARTS = ["docs", "self_care", "overrides", "hooks", "mkdocs.yml", "etulinja.yml"]
LANGS = ("fi", "sv", "en")
MEASURE = Path(__file__).with_name("measure.py")


def measured(command: list[str], cwd: Path, timeout: float,
             env_extra: dict[str, str] | None = None) -> dict[str, float]:
    """Wall seconds, peak RSS of the largest process (MB), the peak memory of the whole
    process tree at any moment (MB, summed proportional set size, sampled every 0.25 s)
    and the tree's CPU seconds."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env_extra or {}))
    try:
        out = subprocess.run([sys.executable, str(MEASURE), *command], cwd=cwd, env=env,
                             capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"code": -1, "seconds": math.inf, "rss_mb": math.nan, "tree_mb": math.nan,
                "cpu_seconds": math.nan}
    code, took, peak, tree, cpu = out.stdout.split()
    return {"code": int(code), "seconds": float(took), "rss_mb": int(peak) / 1024,
            "tree_mb": int(tree) / 1024, "cpu_seconds": float(cpu)}


def folder_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


PATHS = 10
"""Synthetic care paths written beside the catalogue (``--paths``), each varied in all 22
areas; 0 measures the catalogue alone."""


def prepare_portal(size: int, seed: int, code: Path = REPO, name: str = "etulinja") -> Path:
    """A portal of the code in ``code`` (its docs, theme, hook and settings) with a
    synthetic catalogue of ``size`` services and ``PATHS`` care paths, written by this
    checkout's synth."""
    root = WORK / f"{name}-{size}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for part in PORTAL_PARTS:
        source = code / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
    for folder in ("self_care", "build/content"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "build/content/.gitkeep").write_text("")
    subprocess.run([sys.executable, "-m", "etulinja.cli", "synth", "--services", str(size),
                    "--seed", str(seed), "--paths", str(PATHS), str(root)], check=True,
                   capture_output=True)
    return root


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def first_query_transfer(site: Path, query: str = "masennus",
                         prefix: str = "") -> dict[str, float]:
    """Bytes the browser loads from pagefind/ for a first search (Finnish site unless
    ``prefix`` is 'sv/' or 'en/'): everything search.js asks for until its search is done
    (the typed query, its base forms and everyday words, the kinds' filter index and the
    first ten results' fragments)."""
    from urllib.parse import quote

    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    loaded: dict[str, bytes] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()

            def record(response: Any) -> None:
                if "/pagefind/" in response.url and response.ok:
                    loaded[response.url] = response.body()

            page.on("response", record)
            page.goto(f"{base}{prefix}search/#q={quote(query)}")
            page.wait_for_function(
                "(q) => document.getElementById('etu-search-page')"
                ".getAttribute('data-searched') === q", arg=query, timeout=60_000)
            page.wait_for_timeout(500)
            browser.close()
    finally:
        server.shutdown()
    raw = sum(len(body) for body in loaded.values())
    zipped = sum(len(gzip.compress(body, 6)) for body in loaded.values())
    return {"raw_kb": raw / 1024, "gzip_kb": zipped / 1024, "requests": len(loaded)}


SEARCH_QUERIES = [("", "masennus", "a topic's base form"),
                  ("", "masennusta", "an inflected form: its base forms searched too"),
                  ("", "haluan kuolla", "a crisis phrasing"),
                  ("", "en saa unta", "everyday words: searched as their topic's words too"),
                  ("sv/", "ångest", "Swedish"), ("en/", "anxiety", "English")]
"""What ``--search-only`` measures: (language prefix, query, why)."""


def search_report(args: argparse.Namespace) -> int:
    """What a reader's first search transfers, at each size: the budget is 300 KB
    compressed on a phone's first query."""
    lines = ["# Search: what the first query transfers", "",
             f"Measured by `benchmarks/run.py --search-only` on {time.strftime('%Y-%m-%d')}: "
             "a fresh browser (nothing cached) opens the search page with the query in its "
             "address and waits until search.js has finished (every query it runs, the kinds' "
             "filter index, the first ten results' fragments); all Pagefind files it loaded, "
             "raw and gzip-compressed (level 6, what a web server sends). Synthetic catalogue "
             f"(`etulinja synth --seed {args.seed}`) with the example portal's articles and "
             "programmes, 3 languages. Budget: 300 KB compressed.", "",
             "| services | language | query | why | files | KB | KB gzip |",
             "|---:|---|---|---|---:|---:|---:|"]
    for size in args.sizes:
        root = prepare_portal(size, args.seed)
        subprocess.run([sys.executable, "-m", "etulinja.cli", "--root", str(root), "build"],
                       check=True, capture_output=True)
        for prefix, query, why in SEARCH_QUERIES:
            found = first_query_transfer(root / "site", query, prefix)
            lines.append(f"| {size:,} | {prefix.strip('/') or 'fi'} | {query} | {why} | "
                         f"{found['requests']:.0f} | {fmt(found['raw_kb'], 0)} | "
                         f"{fmt(found['gzip_kb'], 0)} |")
            print(lines[-1], flush=True)
    args.out.with_name("search.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


def serve_edit_latency(root: Path, dirty: bool, timeout: float = 600) -> float:
    """Seconds from saving one service's description to the changed page being served.

    The edit is to the Finnish description: shown on the service's own page only, as
    most edits to a service are (a name or summary edit also changes the listings).
    """
    port = 8900 + os.getpid() % 90 + (1 if dirty else 0)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "etulinja.cli", "--root", str(root), "serve",
               "--dev-addr", f"127.0.0.1:{port}"] + ([] if dirty else ["--full"])
    log = (root / f"serve{'-dirty' if dirty else ''}.log").open("w")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        service = sorted((root / "catalogue" / "services").rglob("*.yml"))[0]
        url = f"http://127.0.0.1:{port}/catalogue/services/{service.stem}/"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(1)
        time.sleep(2)  # the watcher starts after the first build
        marker = f"Muokattu {time.time_ns()}"
        text = service.read_text(encoding="utf-8")
        description = text.index('"description"')
        at = text.index('"fi": "', description) + len('"fi": "')
        service.write_text(f"{text[:at]}{marker} {text[at:]}", encoding="utf-8")
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            try:
                if marker in urllib.request.urlopen(url, timeout=30).read().decode():
                    return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.1)
        return math.inf
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # etulinja and the MkDocs it started
        server.wait(timeout=30)


def stock_portal(etulinja_root: Path, size: int) -> Path:
    """The same content as plain Markdown pages, for stock MkDocs + Material + i18n."""
    root = WORK / f"stock-{size}"
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    shutil.copytree(etulinja_root / "build" / "content", docs,
                    ignore=shutil.ignore_patterns("open-data", "*.json", ".gitkeep"))
    # Our generated pages carry their content in page data; write it out as Markdown.
    # Service pages are not in the tree at all (Etulinja fills them into MkDocs' frame
    # page): write one Markdown page per service record, and drop the frame.
    data_root = etulinja_root / "build" / "pagedata"
    for frame in docs.rglob("_etulinja-frame.*.md"):
        frame.unlink()
    for record_file in sorted((data_root / "_services").glob("*/*.json")):
        record = json.loads(record_file.read_text(encoding="utf-8"))
        lang, service_id = record_file.parent.name, record_file.stem
        target = docs / "catalogue" / "services" / f"{service_id}.{lang}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        front = json.dumps({"title": record["title"], "description": record["description"]})
        target.write_text(f"---\n{front}\n---\n\n{record['content']}", encoding="utf-8")
        (data_root / "stock" / target.relative_to(docs)).parent.mkdir(parents=True,
                                                                      exist_ok=True)
        (data_root / "stock" / (target.relative_to(docs).as_posix() + ".json")).write_text(
            json.dumps(record["data"]), encoding="utf-8")
    for page in docs.rglob("*.md"):
        relative = page.relative_to(docs).as_posix() + ".json"
        data_file = data_root / relative
        if not data_file.is_file():
            data_file = data_root / "stock" / relative
        text = page.read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1) if text.startswith("---\n") else ("", text)
        meta = json.loads(front.removeprefix("---\n")) if front else {}
        lines = [f"# {meta.get('title', page.stem)}", "", meta.get("description", ""), ""]
        if data_file.is_file():
            data = json.loads(data_file.read_text(encoding="utf-8"))
            service = data.get("service")
            if service:
                lines += [f"**{service['level']['title']}.** {service['level']['explain']}", ""]
                lines += [f"- {a['label']}: {a['explain']}" for a in service["access"]]
                lines += [f"- [{p['number']}](tel:{p['tel']})" for p in service["phones"]]
                lines += [f"- {loc['street']}, {loc['postal']}" for loc in service["locations"]]
                lines += ["", f"{service['organisation']['name']}. {service['area']['text']}"]
            for item in data.get("services", []):
                lines.append(f"- [{item['name']}](/catalogue/services/{item['id']}/): "
                             f"{item['summary']}")
        page.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    stock = {
        "site_name": "Stock", "site_url": config["site_url"], "docs_dir": "docs",
        "theme": {"name": "material", "language": "fi"},
        "plugins": ["search", {"i18n": {"docs_structure": "suffix", "languages": [
            {"locale": "fi", "name": "Suomi", "default": True},
            {"locale": "sv", "name": "Svenska"}, {"locale": "en", "name": "English"}]}}],
        "markdown_extensions": config["markdown_extensions"],
        # Services out of the nav, as in ours: in auto-nav, Material renders every page
        # into every page (177 s for 2,000 pages), which would make the comparison unfair.
        "nav": ["index.md"], "not_in_nav": "/*",
        "validation": {"links": {"absolute_links": "ignore", "unrecognized_links": "ignore"}},
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(stock, allow_unicode=True), "utf-8")
    return root


def profile_build(root: Path) -> list[tuple[str, float]]:
    """Where one MkDocs build's time goes, by the parts that matter (cumulative seconds)."""
    out = root / "profile.out"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build",
                    "-q", "-d", str(root / "build" / "profiled-site")], cwd=root,
                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True,
                   check=False)
    import pstats

    stats = pstats.Stats(str(out))
    totals: dict[str, float] = {}
    parts = {
        "total (MkDocs build, 3 languages)": ("mkdocs/commands/build.py", "build"),
        "Jinja template rendering": ("jinja2/environment.py", "render"),
        "Markdown to HTML": ("mkdocs/structure/pages.py", "render"),
        "static-i18n file reconfiguration": ("mkdocs_static_i18n/reconfigure.py",
                                             "reconfigure_files"),
        "Etulinja assembly (validate, render tree)": ("etulinja/site/assemble.py", "assemble"),
        "service pages filled into the frame (forked workers)": (
            "etulinja/site/frames.py", "render_service_pages"),
        "page data (hook, JSON)": ("etulinja_site.py", "on_page_context"),
        "writing HTML files": ("mkdocs/utils/__init__.py", "write_file"),
        "copying static files": ("mkdocs/structure/files.py", "copy_file"),
    }
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        for label, (suffix, name) in parts.items():
            if filename.endswith(suffix) and function == name:
                totals[label] = max(totals.get(label, 0.0), row[3])
    return sorted(totals.items(), key=lambda item: -item[1])


def svg_plot(rows: list[dict[str, Any]], path: Path) -> None:
    """Two small line charts, time and peak memory against N, as a dependency-free SVG."""
    width, height, pad = 360, 220, 48
    sizes = [r["size"] for r in rows]

    def panel(x0: int, key: str, label: str, colour: str, extra: str | None = None) -> str:
        values = [r[key] for r in rows if math.isfinite(r[key])]
        others = [r[extra] for r in rows if extra and math.isfinite(r.get(extra, math.nan))]
        top = max(values + others + [1.0]) * 1.1
        xmax = max(sizes) * 1.05

        def pt(n: float, v: float) -> str:
            return (f"{x0 + pad + (width - 2 * pad) * n / xmax:.1f},"
                    f"{height - pad - (height - 2 * pad) * v / top:.1f}")

        parts = [f'<text x="{x0 + width / 2}" y="18" text-anchor="middle" '
                 f'font-size="13">{label}</text>',
                 f'<line x1="{x0 + pad}" y1="{height - pad}" x2="{x0 + width - pad}" '
                 f'y2="{height - pad}" stroke="#333"/>',
                 f'<line x1="{x0 + pad}" y1="{pad}" x2="{x0 + pad}" y2="{height - pad}" '
                 f'stroke="#333"/>',
                 f'<text x="{x0 + pad - 6}" y="{pad + 4}" text-anchor="end" '
                 f'font-size="10">{top:.0f}</text>',
                 f'<text x="{x0 + width - pad}" y="{height - pad + 16}" text-anchor="end" '
                 f'font-size="10">N = {max(sizes):,}</text>']
        for series, stroke in ((key, colour), (extra, "#999")):
            if not series:
                continue
            points = [pt(r["size"], r[series]) for r in rows if math.isfinite(r[series])]
            parts.append(f'<polyline fill="none" stroke="{stroke}" stroke-width="2" '
                         f'points="{" ".join(points)}"/>')
            parts += [f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="3" '
                      f'fill="{stroke}"/>' for p in points]
        return "\n".join(parts)

    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * width}" height="{height}" '
           f'font-family="sans-serif" role="img" aria-label="Build time and peak memory '
           f'against the number of services">\n'
           + panel(0, "seconds", "Cold build, s (grey: stock)", "#00586e", "stock_seconds")
           + "\n" + panel(width, "tree_mb", "Peak memory of all processes, MB", "#8a3b00")
           + "\n</svg>\n")
    path.write_text(svg, encoding="utf-8")


def slope(rows: list[dict[str, Any]]) -> tuple[float, float]:
    """Least-squares seconds per 1,000 services, and R² of a straight line."""
    xs = [r["size"] / 1000 for r in rows]
    ys = [r["seconds"] for r in rows]
    if len(xs) < 2:
        return math.nan, math.nan
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    return b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def main() -> int:
    global PATHS
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--paths", type=int, default=PATHS,
                        help="synthetic care paths (22 county variations each); 0: none")
    parser.add_argument("--timeout", type=float, default=3600, help="limit for our build, s")
    parser.add_argument("--baseline-timeout", type=float, default=1200,
                        help="limit for the stock build, s (reported as a lower bound)")
    parser.add_argument("--serve-sizes", type=int, nargs="*", default=[1000, 10000],
                        help="sizes at which to measure a one-service edit under serve")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "report.md")
    parser.add_argument("--serve-only", action="store_true",
                        help="only measure serve edits at --serve-sizes (writes serve.md)")
    parser.add_argument("--compare", metavar="REF",
                        help="only compare builds of this checkout with the code at git REF, "
                             "the same content, alternately (writes compare.md)")
    parser.add_argument("--runs", type=int, default=2, help="builds of each side (--compare)")
    parser.add_argument("--search-only", action="store_true",
                        help="only measure what a first search transfers at --sizes "
                             "(writes search.md)")
    args = parser.parse_args()
    PATHS = args.paths
    if args.serve_only:
        return serve_report(args)
    if args.search_only:
        return search_report(args)
    if args.compare:
        return compare_report(args)
    rows: list[dict[str, Any]] = []
    profile: list[tuple[str, float]] = []
    for size in args.sizes:
        print(f"[{size}] synthesising", flush=True)
        root = prepare_portal(size, args.seed)
        print(f"[{size}] building with etulinja", flush=True)
        ours = measured([sys.executable, "-m", "etulinja.cli", "--root", str(root), "build"],
                        root, args.timeout)
        site = root / "site"
        services = sorted(site.glob("catalogue/services/*/index.html"))
        pages = len(list(site.rglob("*.html")))
        row: dict[str, Any] = {
            "size": size, "seconds": ours["seconds"], "rss_mb": ours["rss_mb"],
            "tree_mb": ours["tree_mb"], "pages": pages,
            "output_mb": folder_bytes(site) / 2**20,
            "median_service_kb": statistics.median(p.stat().st_size for p in services) / 1024,
            "home_kb": (site / "catalogue" / "index.html").stat().st_size / 1024,
            "index_mb": folder_bytes(site / "pagefind") / 2**20,
        }
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir",
                        "pagefind-again", "--silent"], check=True)
        row["pagefind_seconds"] = time.perf_counter() - start
        shutil.rmtree(site / "pagefind-again")
        row.update({f"query_{k}": v for k, v in first_query_transfer(site).items()})
        if size in args.serve_sizes:
            print(f"[{size}] serve: one-service edit", flush=True)
            row["serve_edit_seconds"] = serve_edit_latency(root, dirty=False)
            row["serve_dirty_edit_seconds"] = serve_edit_latency(root, dirty=True)
        print(f"[{size}] building the stock baseline", flush=True)
        stock_root = stock_portal(root, size)
        stock = measured([sys.executable, "-m", "mkdocs", "build", "-q"], stock_root,
                         args.baseline_timeout)
        row["stock_seconds"] = stock["seconds"]
        row["stock_rss_mb"] = stock["rss_mb"]
        row["stock_pages"] = len(list((stock_root / "site").rglob("*.html"))) if stock[
            "code"] == 0 else 0
        row["ratio"] = stock["seconds"] / ours["seconds"]
        rows.append(row)
        print(json.dumps(row), flush=True)
        if size == args.sizes[0]:
            print(f"[{size}] profiling", flush=True)
            profile = profile_build(root)
    write_report(rows, profile, args)
    return 0


SERVE_HEADER = ["| services | `etulinja serve` | `etulinja serve --dirty` |", "|---:|---:|---:|"]


def serve_row(size: int, r: dict[str, Any]) -> str:
    return (f"| {size:,} | {fmt(r['serve_edit_seconds'])} s | "
            f"{fmt(r['serve_dirty_edit_seconds'])} s |")


SERVE_NOTE = ("Seconds from saving one service's Finnish description to the changed page "
              "being served. `mkdocs serve` answers no request while it rebuilds, so this is "
              "also when live reload refreshes an open browser: the rebuild of all three "
              "languages. Without `--dirty` every page is rebuilt; with it, only pages whose "
              "sources changed.")


def serve_report(args: argparse.Namespace) -> int:
    lines = ["# Serve: one-service edit", "",
             f"Measured by `benchmarks/run.py --serve-only` on {time.strftime('%Y-%m-%d')}. "
             + SERVE_NOTE, "", *SERVE_HEADER]
    for size in args.serve_sizes:
        root = prepare_portal(size, args.seed)
        subprocess.run([sys.executable, "-m", "etulinja.cli", "--root", str(root), "build"],
                       check=True, capture_output=True)
        row = {"serve_edit_seconds": serve_edit_latency(root, dirty=False),
               "serve_dirty_edit_seconds": serve_edit_latency(root, dirty=True)}
        lines.append(serve_row(size, row))
        print(lines[-1], flush=True)
    args.out.with_name("serve.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


def compare_report(args: argparse.Namespace) -> int:
    """Cold builds of the code at ``--compare`` REF and of this checkout, same content,
    one after the other in turns (before, after, before, after…), so both see the same
    machine state; the report gives every run and the median of each side."""
    ref = WORK / "ref"
    if ref.exists():
        shutil.rmtree(ref)
    ref.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", args.compare], cwd=REPO, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(ref)], input=archive, check=True)
    commit = subprocess.run(["git", "rev-parse", "--short", args.compare], cwd=REPO,
                            check=True, capture_output=True, text=True).stdout.strip()
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, check=True,
                          capture_output=True, text=True).stdout.strip()
    sides = {"before": (ref, {"PYTHONPATH": str(ref / "src")}), "after": (REPO, {})}
    lines = ["# Before and after", "",
             f"Measured by `benchmarks/run.py --compare {args.compare}` on "
             f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores: cold `etulinja build` of "
             f"the same synthetic catalogue (seed {args.seed}) by the code at {commit} "
             f"(before) and at {head} with the working tree (after), in turns. Peak memory: "
             "all of the build's processes together (largest process in brackets).", "",
             "| services | side | runs (s) | median (s) | peak memory, median (MB) |",
             "|---:|---|---|---:|---:|"]
    for size in args.sizes:
        results: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
        roots = {name: prepare_portal(size, args.seed, code, f"compare-{name}")
                 for name, (code, _) in sides.items()}
        for _ in range(args.runs):
            for name, (_, env) in sides.items():
                root = roots[name]
                # cold: nothing of the last build (site, tree, records, fingerprint)
                shutil.rmtree(root / "site", ignore_errors=True)
                shutil.rmtree(root / "build", ignore_errors=True)
                (root / "build/content").mkdir(parents=True, exist_ok=True)
                (root / "build/content/.gitkeep").write_text("")
                result = measured([sys.executable, "-m", "etulinja.cli", "--root", str(root),
                                   "build"], root, args.timeout, env)
                if result["code"] != 0:
                    raise SystemExit(f"{name} build of {size} services failed")
                results[name].append(result)
                print(f"[{size}] {name}: {result['seconds']:.1f} s, "
                      f"{result['tree_mb']:.0f} MB", flush=True)
        for name in sides:
            runs = results[name]
            lines.append(
                f"| {size:,} | {name} | "
                + ", ".join(fmt(r["seconds"]) for r in runs)
                + f" | {fmt(statistics.median(r['seconds'] for r in runs))} | "
                f"{fmt(statistics.median(r['tree_mb'] for r in runs), 0)} "
                f"({fmt(statistics.median(r['rss_mb'] for r in runs), 0)}) |")
    args.out.with_name("compare.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


def fmt(value: float, digits: int = 1) -> str:
    if isinstance(value, float) and math.isinf(value):
        return "timed out"
    if isinstance(value, float) and math.isnan(value):
        return "-"
    return f"{value:,.{digits}f}"


def write_report(rows: list[dict[str, Any]], profile: list[tuple[str, float]],
                 args: argparse.Namespace) -> None:
    svg_plot(rows, args.out.with_name("scale.svg"))
    b, r2 = slope(rows)
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    lines = [
        "# Scale benchmark", "",
        f"Measured by `benchmarks/run.py` on {time.strftime('%Y-%m-%d')} ({machine}); "
        "synthetic catalogue from `etulinja synth --seed "
        f"{args.seed}`, in 3 languages, with the example portal's articles. Cold builds "
        "(empty work tree). Figures from one run on a shared machine: expect ±15 %.", "",
        "![Build time and peak memory against N](scale.svg)", "",
        "| services | pages | build s | pages/s | peak memory MB (largest process) | output MB "
        "| median service page KB | catalogue home KB | search index MB | first query KB (gzip) "
        "| stock build s | stock ÷ ours |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        timed_out = math.isinf(r["stock_seconds"])
        stock_text = ("> " + fmt(args.baseline_timeout, 0)) if timed_out else fmt(
            r["stock_seconds"])
        ratio = args.baseline_timeout / r["seconds"] if timed_out else r["ratio"]
        lines.append(
            f"| {r['size']:,} | {r['pages']:,} | {fmt(r['seconds'])} | "
            f"{fmt(r['pages'] / r['seconds'], 0)} | {fmt(r['tree_mb'], 0)} "
            f"({fmt(r['rss_mb'], 0)}) | "
            f"{fmt(r['output_mb'], 0)} | {fmt(r['median_service_kb'])} | {fmt(r['home_kb'], 0)} | "
            f"{fmt(r['index_mb'])} | {fmt(r['query_raw_kb'], 0)} ({fmt(r['query_gzip_kb'], 0)}) | "
            f"{stock_text} | {'> ' if timed_out else ''}{fmt(ratio, 2)} |")
    lines += ["", "Peak memory: the most that all of the build's processes (MkDocs, the "
              "service-page workers it forks, Pagefind) held at any moment, as summed "
              "proportional set size sampled every 0.25 s; in brackets the peak RSS of the "
              "largest single process.", "",
              f"Build time grows by **{fmt(b)} s per 1,000 services** (least squares; "
              f"R² = {fmt(r2, 3)} for a straight line).", ""]
    served = [r for r in rows if "serve_edit_seconds" in r]
    if served:
        table = [*SERVE_HEADER, *(serve_row(r["size"], r) for r in served)]
        lines += ["## One-service edit under `etulinja serve`", "", SERVE_NOTE, "", *table]
        args.out.with_name("serve.md").write_text("\n".join([
            "# Serve: one-service edit", "",
            f"Measured by `benchmarks/run.py` on {time.strftime('%Y-%m-%d')}. " + SERVE_NOTE,
            "", *table]) + "\n", encoding="utf-8")
    lines += ["", "Pagefind indexing alone (one run over all languages; the build runs it "
              "once per language, which takes longer but holds a third of the pages in "
              "memory): " + ", ".join(
        f"{r['size']:,}: {fmt(r['pagefind_seconds'])} s" for r in rows) + ".", ""]
    if profile:
        lines += [f"## Where the time goes ({rows[0]['size']:,} services, cProfile, "
                  "cumulative; the profiler slows everything about 2 times)", "",
                  "| part | seconds |", "|---|---:|"]
        lines += [f"| {label} | {fmt(seconds)} |" for label, seconds in profile]
        lines.append("")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    sys.exit(main())
