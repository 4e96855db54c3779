"""The command line: the only place that knows argv, stdout and exit codes."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from publisher import __version__
from publisher.errors import MappingError, OutputValidationError, PublisherError
from publisher.pipeline import make_cube, read_reports
from publisher.publish import BASE_URL, publish
from publisher.report_json import report_to_json
from publisher.validation import check_release
from publisher.writers.tidy import cube_csv, revisions_csv


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


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="publisher")
def main() -> None:
    """Publish Nav's monthly statistical reports as open data."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
def parse(inputs: tuple[Path, ...]) -> None:
    """Print what the parser saw in each report as JSON.

    INPUTS are report files (.pdf, .txt) or folders searched recursively. The output is
    a JSON array with one object per report: metadata, notes, tables, blocks, rows (with
    the page and line each was read from) and cells.
    """
    reports, _ = read_reports(list(inputs))
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
def cube(inputs: tuple[Path, ...], out: Path | None, revisions: Path | None, regions: str) -> None:
    """Map reports to codes and merge them into one tidy cube, written as CSV.

    INPUTS are report files or folders. One row per observation: report family, every
    dimension's code (_T where a table does not break it down), MEASURE, TIME_PERIOD,
    OBS_VALUE (empty where Nav printed `*`), OBS_STATUS, CONF_STATUS, and where it was read.
    Warnings go to standard error; on an error nothing is written.
    """
    built = make_cube(inputs, regions=regions)
    for notice in built.notices:
        click.echo(f"warning: {notice}", err=True)
    table = cube_csv(built)
    if revisions is not None:
        write_atomically(revisions, revisions_csv(built))
    if out is None:
        click.echo(table, nl=False)
    else:
        write_atomically(out, table)
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
def build(
    inputs: tuple[Path, ...],
    out: Path,
    regions: str,
    agency: str,
    structure_version: str,
    base_url: str,
    secondary_suppression: bool,
) -> None:
    """Publish reports as a release: JSON-stat datasets and SDMX structures and data.

    INPUTS are report files or folders. The release is validated before it replaces the
    previous one in OUT; on any error the previous release stays as it was.
    """
    built = make_cube(inputs, regions=regions, secondary=secondary_suppression)
    for notice in built.notices:
        click.echo(f"warning: {notice}", err=True)
    written = publish(built, out, agency=agency, version=structure_version, base_url=base_url)
    click.echo(f"{len(written)} files written to {out}/", err=True)


@main.command(name="audit")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
def audit_command(inputs: tuple[Path, ...]) -> None:
    """List the suppressed cells that the published totals give away or narrow.

    For every suppressed count (1 to 3), the totals the release publishes (the country and
    its counties, a county and its municipalities, a total and its sexes …) are solved for
    the values it can still take. Names the cell and the margin; never a value.
    """
    built = make_cube(inputs)
    findings = [n for n in built.notices if n.message.startswith("disclosure:")]
    for notice in findings:
        click.echo(str(notice))
    click.echo(f"{len(findings)} suppressed cells disclosed or narrowed", err=True)


@main.command()
@click.argument("release", type=click.Path(path_type=Path, exists=True, file_okay=False))
def validate(release: Path) -> None:
    """Check a release: every JSON-stat file against the schema and the JSON-stat rules."""
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
