"""The ``etulinja`` command: check, assemble, build and serve a portal."""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import subprocess
import sys
import time
from pathlib import Path

from etulinja.config import PortalConfig, load_config
from etulinja.site.assemble import assemble
from etulinja.site.build import BuildFailed, BuildLocked, build_site, mkdocs_command, mkdocs_env
from etulinja.site.content import check
from etulinja.site.parallel import Interrupted, interruptible, stop, uninterrupted
from etulinja.sources.problems import ContentError, Problems


def _print_problems(problems: Problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _summary(problems: Problems) -> str:
    files = len({p.path for p in problems})
    return f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s)" + (
        f" in {files} file(s)" if files else ""
    )


def _checked(config: PortalConfig, command: str) -> bool:
    """Validate and print every problem; True when there is no error."""
    problems = check(config)[1]
    _print_problems(problems)
    if problems.errors:
        print(f"etulinja {command}: {_summary(problems)}", file=sys.stderr)
        return False
    if command == "check":
        print(f"etulinja check: content is valid ({_summary(problems)})")
    return True


def cmd_check(config: PortalConfig, _: argparse.Namespace) -> int:
    return 0 if _checked(config, "check") else 1


def cmd_assemble(config: PortalConfig, _: argparse.Namespace) -> int:
    report = assemble(config, force=True)
    if report.problems:
        _print_problems(report.problems)
    print(
        f"etulinja assemble: {report.written} written, {report.unchanged} unchanged, "
        f"{report.deleted} deleted in {config.content_dir.relative_to(config.root)}"
    )
    return 0


def _shown(config: PortalConfig, path: Path) -> str:
    """A path as the editor knows it: from the portal folder, where it is inside it."""
    return str(path.relative_to(config.root) if path.is_relative_to(config.root) else path)


def cmd_build(config: PortalConfig, _: argparse.Namespace) -> int:
    started = time.monotonic()
    try:
        with interruptible():
            result = build_site(config)
    except Interrupted as interrupt:
        # build_site has stopped everything it started and removed its folders; one line,
        # no traceback: stopping a build is an ordinary thing to do.
        kept = (f"the last good site was kept in {_shown(config, config.site_dir)}/"
                if config.site_dir.exists() else "no site was published")
        print(f"etulinja build: interrupted; {kept}.", file=sys.stderr)
        return interrupt.exit_code
    except BuildLocked as locked:
        print(f"etulinja build: {locked}", file=sys.stderr)
        return 1
    except BuildFailed as failure:
        print(failure.output, file=sys.stderr)
        print(
            "etulinja build: MkDocs failed; the last good site was left as it was.", file=sys.stderr
        )
        return 1
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print(f"etulinja build: site written to {result.site_dir.relative_to(config.root)}/ "
          f"in {time.monotonic() - started:.0f} s")
    return 0


def cmd_serve(config: PortalConfig, args: argparse.Namespace) -> int:
    """Ctrl-C ends serving (exit 0, as it always did); SIGTERM and SIGHUP too, with the
    shell's code. Either way MkDocs and any workers of a rebuild under way are stopped."""
    try:
        with interruptible():
            return _serve(config, args)
    except Interrupted as interrupt:
        return 0 if interrupt.signum == signal.SIGINT else interrupt.exit_code


def _serve(config: PortalConfig, args: argparse.Namespace) -> int:
    if not _checked(config, "serve"):
        return 1
    command = mkdocs_command(config, "serve", "--dev-addr", args.dev_addr)
    if not args.full:
        # The fast path: MkDocs renders only pages whose assembled files changed, and the
        # hook empties the site first when an edit needs every page (site/rebuild.py).
        command.append("--dirty")
    server: subprocess.Popen[bytes] | None = None
    try:
        with uninterrupted():  # started and recorded, or not started
            # Its own process group: stopped as a whole, by us, once.
            server = subprocess.Popen(command, cwd=config.root, env=mkdocs_env(),
                                      start_new_session=True)
        return server.wait()
    finally:
        if server is not None:
            with uninterrupted():
                # SIGINT first: on it MkDocs shuts its server down and removes its
                # temporary site folder, which SIGTERM would leave behind.
                stop(groups=[server], ask=signal.SIGINT)


def cmd_synth(_: PortalConfig | None, args: argparse.Namespace) -> int:
    from etulinja.care_paths.synth import synthesise_paths
    from etulinja.catalogue.synth import synthesise

    counts = synthesise(args.out, args.services, args.seed)
    paths = synthesise_paths(args.out, args.paths, args.seed) if args.paths > 0 else {
        "paths": 0, "variations": 0, "exceptions": 0}
    print(f"etulinja synth: {counts['services']} services, {counts['organisations']} "
          f"organisations, {paths['paths']} care paths with {paths['variations']} county "
          f"variations and {paths['exceptions']} municipality exceptions in "
          f"{args.out / 'catalogue'} (synthetic: for benchmarks only)")
    return 0


def _date(written: str | None, command: str) -> dt.date | None:
    """The day a command reports on (today when not given); None, said, when it is not
    a date."""
    if not written:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(written)
    except ValueError:
        print(f"etulinja {command}: --date '{written}' is not a date; write YYYY-MM-DD",
              file=sys.stderr)
        return None


def cmd_explain_path(config: PortalConfig, args: argparse.Namespace) -> int:
    """Print a care path merged for a county (and municipality) on a date: its steps,
    which patch line changed what, and the services each step resolved to."""
    today = _date(args.date, "explain-path")
    if today is None:
        return 1
    content, problems = check(config, today)
    care_paths = content.care_paths
    if care_paths is None:  # pragma: no cover - check always loads them
        return 1
    try:
        text = care_paths.explain(args.path, args.county, args.municipality, today)
    except LookupError as error:
        for problem in problems.errors:
            print(problem, file=sys.stderr)
        print(f"etulinja explain-path: {error}", file=sys.stderr)
        return 1
    print(text, end="")
    return 0


def cmd_new(config: PortalConfig, args: argparse.Namespace) -> int:
    from etulinja.editing.scaffold import run_new

    return run_new(config, args.kind, args.id, municipality=args.municipality,
                   organisation=args.organisation, lang=args.lang)


def cmd_status(config: PortalConfig, args: argparse.Namespace) -> int:
    """What the content lacks, per county: text to read, or JSON for a dashboard
    (src/etulinja/schemas/status.schema.json). A report, so content errors do not fail
    it; they are counted, and what could not be loaded is left out."""
    import json

    from etulinja.site.status import as_text, status_report

    today = _date(args.date, "status")
    if today is None:
        return 1
    content, problems = check(config, today)
    report = status_report(content, config, problems)
    if args.county is not None:
        try:
            report = report.select(args.county)
        except LookupError as error:
            print(f"etulinja status: {error}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(as_text(report), end="")
    return 0


def cmd_export(config: PortalConfig, args: argparse.Namespace) -> int:
    from etulinja.editing.spreadsheet import run_export

    return run_export(config, args.file, county=args.county)


def cmd_import(config: PortalConfig, args: argparse.Namespace) -> int:
    from etulinja.editing.spreadsheet import run_import

    return run_import(config, args.file, dry_run=args.dry_run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="etulinja", description=__doc__)
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="portal folder (default: the nearest one holding etulinja.yml)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate all content without building; exit 1 on errors")
    sub.add_parser("assemble", help="write the Markdown tree MkDocs builds from")
    sub.add_parser("build", help="build the site aside and publish it only on success")
    serve = sub.add_parser("serve", help="build and serve the portal with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.add_argument("--full", action="store_true",
                       help="rebuild every page after every save (by default only the pages "
                            "an edit changed, and every page when the menu, the theme, a "
                            "translation table or the settings changed)")
    serve.add_argument("--dirty", action="store_true", help=argparse.SUPPRESS)  # the default now
    explain = sub.add_parser("explain-path", help="print a care path as it applies in a "
                             "county or municipality, with what changed it and its services")
    explain.add_argument("path", help="the path's id (its folder in catalogue/care_paths/)")
    explain.add_argument("--county", required=True, help="county code or name (09, paijat-hame)")
    explain.add_argument("--municipality", default=None, help="municipality code or name")
    explain.add_argument("--date", default=None, help="the date to apply (YYYY-MM-DD; today)")
    new = sub.add_parser("new", help="start a new service, article, programme, care path "
                         "or organisation from a template that passes check")
    new.add_argument("kind", choices=["service", "article", "programme", "care-path",
                                      "organisation"], help="what to start")
    new.add_argument("id", help="its id: the file or folder name and web address (a-z, 0-9, -)")
    new.add_argument("--municipality", default=None,
                     help="service: where it is given (name or code); picks the county folder")
    new.add_argument("--organisation", default=None,
                     help="service: its provider (default: the county's usual one)")
    new.add_argument("--lang", choices=["fi", "sv", "en"], default=None,
                     help="language of the comments (default: the portal's first)")
    status = sub.add_parser("status", help="what the content lacks, per county: "
                            "translations, reviews and urgent numbers due, service details")
    status.add_argument("--county", default=None,
                        help="one county (code, slug or name) or 'national'")
    status.add_argument("--json", action="store_true",
                        help="JSON for dashboards (src/etulinja/schemas/status.schema.json)")
    status.add_argument("--date", default=None, help="the date to report on (YYYY-MM-DD; today)")
    export = sub.add_parser("export", help="write services to a spreadsheet (.xlsx or .csv) "
                            "for editing and importing back")
    export.add_argument("kind", choices=["services"], help="what to export")
    export.add_argument("file", type=Path, help="the .xlsx or .csv file to write")
    export.add_argument("--county", default=None,
                        help="only one folder: a county (slug, code or name) or national")
    import_ = sub.add_parser("import", help="create or update service files from a "
                             "spreadsheet (.xlsx or .csv); exit 1 if a row is refused")
    import_.add_argument("kind", choices=["services"], help="what to import")
    import_.add_argument("file", type=Path, help="the .xlsx or .csv file to read")
    import_.add_argument("--dry-run", action="store_true",
                         help="show what would be created or changed; write nothing")
    synth = sub.add_parser("synth", help="write a synthetic national catalogue for benchmarks")
    synth.add_argument("--services", type=int, default=1000, help="how many services")
    synth.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    synth.add_argument("--paths", type=int, default=10,
                       help="how many care paths, each varied in all 22 areas (0: none)")
    synth.add_argument("out", type=Path, help="folder to write catalogue/ into")
    args = parser.parse_args(argv)
    if args.command == "synth":
        return cmd_synth(None, args)
    try:
        config = load_config(args.root)
        handler = {
            "check": cmd_check,
            "assemble": cmd_assemble,
            "build": cmd_build,
            "serve": cmd_serve,
            "explain-path": cmd_explain_path,
            "export": cmd_export,
            "import": cmd_import,
            "status": cmd_status,
            "new": cmd_new,
        }[args.command]
        return handler(config, args)
    except ContentError as error:
        _print_problems(error.problems)
        print(
            f"etulinja {args.command}: {_summary(error.problems)}; nothing was changed",
            file=sys.stderr,
        )
        return 1
    except FileNotFoundError as error:
        print(f"etulinja: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
