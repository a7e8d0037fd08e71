"""The `jobboard` command: build, check, changes, serve, new and import."""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import signal
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache.store import FOLDER
from generator.cache.workers import default_jobs
from generator.console.annotation import report
from generator.model import examples
from generator.model.clock import ClockError, resolve_now
from generator.model.problems import InputError

if TYPE_CHECKING:
    from generator.build import Options, Result

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
EXIT_STOPPED = 130  # as a shell reports a command stopped by Ctrl+C


def _common(parser: argparse.ArgumentParser, render: bool = True) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), help="the site folder, holding config.yaml and content/ (default: here)")
    parser.add_argument("--now", help="the clock, as an ISO date or date-time in Europe/London (default: SOURCE_DATE_EPOCH, else the current time)")
    if not render:
        return
    parser.add_argument("--base-url", help="the absolute URL the site is served from, overriding base_url in config.yaml")
    parser.add_argument("--strict", action="store_true", help="treat every warning as an error")
    parser.add_argument("--drafts", action="store_true", help="include vacancies marked draft: true")
    parser.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                        help=f"processes that parse and render in parallel (default: the CPUs, here {default_jobs()}); 1 for none")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not update the build cache in .cache/jobboard/")


def _format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "github"), default="text",
                        help="how to print problems: text (path:line: field: message) or github (workflow commands that annotate the file and line)")


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(prog="jobboard", description="Build a static NHS jobs site from one Markdown file per vacancy.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = commands.add_parser("build", help="check everything, then write the site to output/", description="Check every vacancy file, then write the site. Nothing is written if there is any error.")
    _common(p)
    p.add_argument("--output", type=Path, help="where to write the site (default: output/ in the site folder)")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    _format(p)
    p = commands.add_parser("check", help="check every vacancy file and template, write nothing", description="Report every problem in config.yaml, content/ and the templates, as path:line: field: message. Exits 1 if there are errors.")
    _common(p)
    _format(p)
    p = commands.add_parser("changes", help="list the adverts this change adds, changes, closes or removes, as Markdown",
                            description="Compare content/vacancies/ with its version at a git revision and print, as Markdown, "
                                        "which adverts the change adds, changes, closes or removes.")
    _common(p)
    p.add_argument("--base", required=True, metavar="REF", help="the git revision to compare with, such as origin/main or HEAD^1")
    p = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on every change", description="Serve a live preview that rebuilds when content/, themes/, templates/ or config.yaml change and reloads the browser.")
    _common(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p = commands.add_parser("new", help="write a new vacancy file with every field explained", description="Write content/vacancies/<slug>.md with every field and a comment on each, marked draft until you are ready.")
    _common(p, render=False)
    p.add_argument("title", nargs="?", default=examples.TITLE, help=f"the job title (default: {examples.TITLE})")
    p.add_argument("--reference", default="", help="the employer's job reference")
    p.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    p = commands.add_parser("import", help="turn an advert (copied text, a saved page, the NHS Jobs feed) into vacancy files",
                            description="Read advert text as copied from a web page, an advert page saved from a browser, or the "
                                        "NHS Jobs search XML, and write content/vacancies/<slug>.md for each advert. "
                                        "With no FILE, or with -, the text is read from standard input.")
    _common(p, render=False)
    p.add_argument("files", nargs="*", metavar="FILE", help="files holding adverts, or - for standard input")
    p.add_argument("--format", choices=("auto", "text", "html", "nhsjobs-xml"), default="auto",
                   help="what FILE holds: auto (a saved page when it is HTML, else pasted text), text, html, or nhsjobs-xml "
                        "(the NHS Jobs search XML: one file per advert, skipping references already in content/)")
    p.add_argument("--url", help="the advert's address on the web, written as apply_url (default: the saved page's own link)")
    p.add_argument("--force", action="store_true", help="overwrite a vacancy file that already exists")
    p.add_argument("--dry-run", action="store_true", help="print the vacancy file instead of writing it")
    return top


def _failed(exc: InputError, form: str = "text", quiet: bool = False) -> int:
    report(exc.problems, quiet, form)
    errors, warnings = len(exc.problems.errors), len(exc.problems.warnings)
    print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}; nothing was written", file=sys.stderr)
    return EXIT_INPUT


def _summary(result: Result, written: str) -> str:
    counts = result.counts
    return (f"{written}{len(result.files)} files from {result.files_read} vacancy files: "
            f"{counts.open} open ({counts.closing_soon} closing soon), {counts.closed} closed, "
            f"{counts.trusts} trusts, {counts.bands} bands")


def _stop(signum: int, frame: object) -> None:
    """Stop as Ctrl+C does, so that what a command made on the way (a staged site, a scratch folder) is removed."""
    raise KeyboardInterrupt


def run() -> None:
    """The command line's entry point."""
    # A stop from outside (`kill`, a cancelled CI job, a closed terminal) is handled as Ctrl+C is.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    try:
        code = main()
    except KeyboardInterrupt:
        print("jobboard: stopped", file=sys.stderr)
        code = EXIT_STOPPED
    sys.exit(code)


def trouble(exc: OSError) -> str:
    """What went wrong on the machine (not in the input), in words, with what to do."""
    where = f" {exc.filename}" if exc.filename else ""
    if exc.filename2:  # a move: name where the file was going (output/, .cache/), then the folder it came from
        where = f" {exc.filename2} (moving {exc.filename} there)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"could not use{where}: {exc.strerror}. Check that you may read it, and write to the folder it is in, "
                "then run the command again")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full (while writing{where}). Free some space, then run the command again"
    return f"could not use{where}: {exc.strerror or exc}"


def main(argv: list[str] | None = None, repair: bool = True) -> int:
    """Run one command; returns the exit code. A failure of the machine (a permission, a full disk) is a message."""
    try:
        return command(argv)
    except OSError as exc:
        print(f"jobboard: {trouble(exc)}", file=sys.stderr)
        return EXIT_INPUT
    except sqlite3.DatabaseError as exc:
        # The cache only ever saves time: a damaged one (or a file that is no cache at all) is deleted, and the
        # command runs again without it.
        folder = parser().parse_args(argv).site.resolve() / FOLDER
        if not repair or not folder.is_dir() or folder.is_symlink():
            print(f"jobboard: the build cache in {FOLDER}/ is damaged ({exc}); delete it and run the command again",
                  file=sys.stderr)
            return EXIT_INPUT
        try:
            shutil.rmtree(folder)
        except OSError as denied:  # a cache folder this user may not read or write is no damage to delete
            print(f"jobboard: {trouble(denied)} (in the build cache, {FOLDER}/)", file=sys.stderr)
            return EXIT_INPUT
        print(f"jobboard: warning: the build cache in {FOLDER}/ was damaged ({exc}); it was deleted, and the command "
              "runs again without it", file=sys.stderr)
        return main(argv, repair=False)


def _import(root: Path, args: argparse.Namespace, today: date) -> int:
    """`jobboard import`, its options checked first."""
    from generator.authoring.intake import import_files
    from generator.load.applying import advert_address

    files = args.files or ["-"]
    if args.url is not None and (not advert_address(args.url) or len(files) != 1 or args.format == "nhsjobs-xml"):
        print("jobboard: --url: give one web address (https://…) with one advert file; a feed names each advert's own",
              file=sys.stderr)
        return EXIT_USAGE
    return import_files(root, files, today, args.force, args.dry_run, args.format, args.url)


def command(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = parser().parse_args(argv)
    root = args.site.resolve()
    if not root.is_dir():
        print(f"jobboard: --site: no such folder: {args.site}", file=sys.stderr)
        return EXIT_USAGE
    try:
        now = resolve_now(args.now)
    except ClockError as exc:
        print(f"jobboard: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "new":
        from generator.authoring.scaffold import new_vacancy

        return new_vacancy(root, args.title, args.reference, args.force, now.date())
    if args.command == "import":
        return _import(root, args, now.date())
    if args.jobs < 1:
        print("jobboard: --jobs: give 1 or more", file=sys.stderr)
        return EXIT_USAGE
    from generator.build import Options

    options = Options(root, now, args.base_url, args.strict, args.drafts, args.jobs, not args.no_cache)
    if args.command == "serve":
        from generator.preview.server import serve

        return serve(options, args.host, args.port)
    if args.command == "changes":
        return _changes(root, options, args)
    return _build(root, options, args)


def _changes(root: Path, options: Options, args: argparse.Namespace) -> int:
    """`jobboard changes`: what a pull request adds, changes and removes, as Markdown."""
    from generator.publish.changes import GitError, compare, summary

    try:
        print(summary(compare(root, args.base, options.now, args.base_url, args.drafts)), end="")
    except GitError as exc:
        print(f"jobboard: --base: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _build(root: Path, options: Options, args: argparse.Namespace) -> int:
    """`jobboard check` (nothing written) or `jobboard build`."""
    from generator.build import build, render_site

    try:
        if args.command == "check":
            result = render_site(options)
            report(result.problems, form=args.format)
            print(_summary(result, "OK: would write "))
            return EXIT_OK
        from generator.console import progress

        # Made absolute, not resolved: a link in the output's place must be seen, not followed.
        output = Path(os.path.abspath(args.output or root / "output"))
        result = build(options, output, None if args.quiet else progress.meter())
    except InputError as exc:
        return _failed(exc, args.format, getattr(args, "quiet", False))
    report(result.problems, args.quiet, args.format)
    if not args.quiet:
        progress.summary(result, f"{output.name}/")
    return EXIT_OK
