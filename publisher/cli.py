"""The command line: the only place that knows argv, stdout and exit codes."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from publisher import __version__
from publisher.building import freshness
from publisher.errors import MappingError, Notice, OutputValidationError, PublisherError
from publisher.progress import SILENT, Progress, bars
from publisher.writers import BASE_URL

if TYPE_CHECKING:
    from publisher.merging.cube import Cube

# The pipeline, the writers and the validators load pandas, sdmx1, jsonschema …: they are
# imported where a command needs them, so that an up-to-date build answers at once.


class _Group(click.Group):
    """Prints a :class:`PublisherError` as one line and exits 1, without a traceback.

    A :class:`MappingError` prints one line per label that did not map.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (MappingError, OutputValidationError) as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            click.echo(f"error: {exc.title}; nothing was written", err=True)
            sys.exit(1)
        except PublisherError as exc:
            click.echo(f"error: {exc.one_line()}", err=True)
            sys.exit(1)


_REGIONS = click.option(
    "--regions",
    type=click.Choice(["reported", "2024"]),
    default="reported",
    show_default=True,
    help="2024: put months before 2024 on the 2024 region codes where the reform renumbered.",
)


_F = TypeVar("_F", bound=Callable[..., Any])
_READING = (
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        help="Processes that parse reports at once (default: the number of cores).",
    ),
    click.option(
        "--cache-dir",
        type=click.Path(path_type=Path, file_okay=False),
        envvar="PUBLISHER_CACHE_DIR",
        help="Where parsed and mapped reports, merged cubes and audits are kept between"
        " builds (default: $XDG_CACHE_HOME/publisher or ~/.cache/publisher); safe to delete.",
    ),
    click.option("--no-cache", is_flag=True, help="Parse and map every report; keep nothing."),
    click.option(
        "-q", "--quiet", is_flag=True, help="No progress bars and no summary; warnings still."
    ),
)


def _reading(command: _F) -> _F:
    """The options of every command that reads reports."""
    for option in reversed(_READING):
        command = option(command)
    return command


def _how(jobs: int | None, cache_dir: Path | None, no_cache: bool, quiet: bool) -> dict[str, Any]:
    """The keyword arguments for reading reports: cache, jobs, progress."""
    from publisher.building.cache import ParseCache, default_dir
    from publisher.building.workers import cores

    cache = None if no_cache else ParseCache(cache_dir or default_dir())
    progress: Progress = SILENT if quiet or not sys.stderr.isatty() else bars()
    return {"cache": cache, "jobs": jobs or cores(), "progress": progress}


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="publisher")
@click.option(
    "--specs",
    multiple=True,
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    envvar="PUBLISHER_SPECS",
    help="A folder of report family specs (*.toml) and codelists (codelists/) to read"
    " besides the package's; may be given more than once.",
)
def main(specs: tuple[Path, ...]) -> None:
    """Publish Nav's monthly statistical reports as open data."""
    if specs:
        from publisher.family.spec import use_folders

        use_folders(specs)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_reading
def parse(
    inputs: tuple[Path, ...], jobs: int | None, cache_dir: Path | None, no_cache: bool, quiet: bool
) -> None:
    """Print what the parser saw in each report as JSON.

    INPUTS are report files (.pdf, .txt) or folders searched recursively. The output is
    a JSON array with one object per report: metadata, notes, tables, blocks, rows (with
    the page and line each was read from) and cells.
    """
    from publisher.building.reading import read_reports
    from publisher.parse.json_view import report_to_json

    reports, _ = read_reports(list(inputs), **_how(jobs, cache_dir, no_cache, quiet))
    click.echo(json.dumps([report_to_json(r) for r in reports], ensure_ascii=False, indent=2))


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--out", type=click.Path(path_type=Path), help="Write the cube here (default: stdout)."
)
@click.option(
    "--revisions", type=click.Path(path_type=Path), help="Write the revision log here as CSV."
)
@_REGIONS
@_reading
def cube(
    inputs: tuple[Path, ...],
    out: Path | None,
    revisions: Path | None,
    regions: str,
    jobs: int | None,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Map reports to codes and merge them into one tidy cube, written as CSV.

    INPUTS are report files or folders. One row per observation: report family, every
    dimension's code (_T where a table does not break it down), MEASURE, TIME_PERIOD,
    OBS_VALUE (empty where Nav printed `*`), OBS_STATUS, CONF_STATUS, and where it was read.
    Warnings go to standard error; on an error nothing is written.
    """
    from publisher.building.pipeline import make_cube
    from publisher.writers.tidy import cube_csv, revisions_csv

    built = make_cube(inputs, regions=regions, **_how(jobs, cache_dir, no_cache, quiet))
    for notice in built.notices:
        click.echo(f"warning: {notice}", err=True)
    table = cube_csv(built)
    if revisions is not None:
        write_atomically(revisions, revisions_csv(built))
    if out is None:
        click.echo(table, nl=False)
    else:
        write_atomically(out, table)
    if not quiet:
        click.echo(
            f"{len(built.data)} observations, {len(built.revisions)} revisions,"
            f" {len(built.notices)} warnings",
            err=True,
        )


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="The release folder.",
)
@_REGIONS
@click.option("--agency", default="NAV", show_default=True, help="SDMX maintenance agency id.")
@click.option(
    "--structure-version", default="1.0", show_default=True, help="Version of the SDMX structures."
)
@click.option(
    "--base-url",
    default=BASE_URL,
    show_default=True,
    help="Where the release is served: the catalogue's access URLs are under it.",
)
@click.option(
    "--secondary-suppression",
    is_flag=True,
    help="Also suppress (CONF_STATUS D) the fewest cells so that no * can be worked out.",
)
@_reading
def build(
    inputs: tuple[Path, ...],
    out: Path,
    regions: str,
    agency: str,
    structure_version: str,
    base_url: str,
    secondary_suppression: bool,
    jobs: int | None,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Publish reports as a release: JSON-stat datasets and SDMX structures and data.

    INPUTS are report files or folders. The release is validated before it replaces the
    previous one in OUT; on any error the previous release stays as it was. When OUT
    already holds the release of these very inputs and options, built by this version of
    the publisher and unchanged since, the build says so and writes nothing.
    """
    from publisher.family.spec import extra_digest

    start = time.perf_counter()
    specs = extra_digest()  # "" without --specs: such a build's manifest is as it was
    stamp = freshness.stamp(
        {"regions": regions, "agency": agency, "structure_version": structure_version,
         "base_url": base_url, "secondary_suppression": str(secondary_suppression),
         **({"specs": specs} if specs else {})}
    )  # fmt: skip
    names, recorded = freshness.recorded_inputs(list(inputs))
    manifest = freshness.current(out, recorded, stamp)
    if manifest is not None:
        as_given = {name: path for path, name in names.items()}  # as a build that runs says
        for warning in manifest["warnings"]:
            click.echo(f"warning: {freshness.relabel(warning, as_given)}", err=True)
        done = f"{out}/ is up to date, nothing written"
        summary = manifest["summary"]
    else:
        from publisher.building.pipeline import merged_cube
        from publisher.building.publish import publish
        from publisher.building.publish import summary as summarise

        how = _how(jobs, cache_dir, no_cache, quiet)
        unchecked = merged_cube(inputs, regions=regions, secondary=secondary_suppression, **how)
        built = unchecked.cube
        try:  # the checks run while the workers render: no writer reads their warnings
            written = publish(built, out, agency, structure_version, base_url, build=stamp,
                              names=names, jobs=how["jobs"], progress=how["progress"],
                              meanwhile=lambda: unchecked.check(jobs=1))  # fmt: skip
        finally:
            for notice in built.notices:
                click.echo(f"warning: {notice}", err=True)
        done = f"{len(written)} files written to {out}/"
        summary = summarise(built)
    if not quiet:
        click.echo(f"{done}: {_summary(summary)}; {time.perf_counter() - start:.1f} s", err=True)


def _summary(numbers: dict[str, int]) -> str:
    """``36 reports, 20 tables, 24,624 observations (1,234 suppressed), 5 warnings``."""
    return (
        f"{numbers['reports']:,} reports, {numbers['tables']:,} tables,"
        f" {numbers['observations']:,} observations ({numbers['suppressed']:,} suppressed),"
        f" {numbers['warnings']:,} warnings"
    )


@main.command(name="audit")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_reading
def audit_command(
    inputs: tuple[Path, ...], jobs: int | None, cache_dir: Path | None, no_cache: bool, quiet: bool
) -> None:
    """List the suppressed cells that what the release publishes gives away or narrows.

    For every suppressed count (1 to the threshold less one), every relation the release
    publishes (the country and its counties, a county and its municipalities, a total and
    its sexes …, and each row's year-to-date average of its months) is solved for the
    values it can still take. Names the cell and the relation; never a value.
    """
    from publisher.building.pipeline import make_cube

    built = make_cube(inputs, **_how(jobs, cache_dir, no_cache, quiet))
    findings = [n for n in built.notices if n.message.startswith("disclosure:")]
    for notice in findings:
        click.echo(str(notice))
    if not quiet:
        click.echo(_audit_summary(built, findings), err=True)


def _audit_summary(built: Cube, findings: list[Notice]) -> str:
    """``3 suppressed cells disclosed or narrowed (2 exactly determined); the other …``."""
    from publisher.confidentiality import PRIMARY, SUPPRESSED
    from publisher.family.spec import monthly_measures
    from publisher.merging.cube import CONF_STATUS, MEASURE, OBS_STATUS

    data = built.data
    hidden = int((data[MEASURE].isin(monthly_measures()) & (data[OBS_STATUS] == SUPPRESSED)
                  & (data[CONF_STATUS] == PRIMARY)).sum())  # fmt: skip
    narrowed = [n for n in findings if "suppressed cell" in n.message and " by " in n.message]
    exact = sum("is exactly determined" in n.message for n in narrowed)
    return (
        f"{len(narrowed)} suppressed cells disclosed or narrowed ({exact} exactly determined);"
        f" the other {hidden - len(narrowed)} of {hidden} protected"
    )


@main.command()
@click.argument("release", type=click.Path(path_type=Path, exists=True, file_okay=False))
def validate(release: Path) -> None:
    """Check a release: every JSON-stat file against the schema and the JSON-stat rules."""
    from publisher.validation.release import check_release

    problems = check_release(release)
    if problems:
        raise OutputValidationError(problems)
    click.echo(f"{release}: valid", err=True)


def write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as tmp:
        tmp.write(text)
    os.replace(tmp.name, path)


@main.command()
@click.argument(
    "release", type=click.Path(path_type=Path, exists=True, file_okay=False), default="output"
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1), help="uvicorn processes."
)
@click.option(
    "--max-header-bytes",
    "header_bytes",
    type=click.IntRange(1),
    help="Request line and headers (default 16384; 400 beyond).",
)
@click.option(
    "--max-body-bytes",
    "body_bytes",
    type=click.IntRange(1),
    help="A POST's body (default 1048576; 413 beyond).",
)
@click.option(
    "--max-items",
    "items",
    type=click.IntRange(1),
    help="Selection items per request (default 2000; 400 beyond).",
)
@click.option(
    "--max-cells",
    "cells",
    type=click.IntRange(1),
    help="Cells per data answer, maxDataCells (default 1000000; 403 beyond).",
)
@click.option(
    "--request-timeout",
    "request_seconds",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds to send a request's head or body (default 10; closed or 408 beyond).",
)
def serve(release: Path, host: str, port: int, workers: int, **limits: float | None) -> None:
    """Serve a release over HTTP, read-only: PxWebApi 2, SDMX REST and its files.

    RELEASE is a folder `publisher build` wrote (default: output), read into memory. When
    a build swaps a new release in, the next request serves it; no restart is needed.
    """
    from publisher.serve import create_app
    from publisher.serve.limits import Limits
    from publisher.serve.server import run

    chosen = Limits(**{k: v for k, v in limits.items() if v is not None})  # type: ignore[arg-type]
    app = create_app(release, chosen)
    click.echo(f"serving {release}/ at http://{host}:{port}/", err=True)
    run(app, host, port, chosen, workers)
