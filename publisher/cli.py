"""The command line: the only place that knows argv, stdout and exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from publisher import __version__
from publisher.errors import InputError, PublisherError
from publisher.parse import parse_file
from publisher.readers import find_inputs
from publisher.report_json import report_to_json


class _Group(click.Group):
    """Prints a :class:`PublisherError` as one line and exits 1, without a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PublisherError as exc:
            click.echo(f"error: {exc.one_line()}", err=True)
            sys.exit(1)


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
    files = find_inputs(inputs)
    if not files:
        raise InputError(
            "no reports found", "no .pdf or .txt file in " + ", ".join(map(str, inputs))
        )
    reports = [report_to_json(parse_file(f)) for f in files]
    click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
