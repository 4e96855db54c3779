"""The release's ``sdmx/`` on its own: validated offline with nothing but its own files.

Someone who downloads ``sdmx/`` gets the SDMX-ML 2.1 schemas beside the dataflow's; here
lxml validates every message of a copy of that folder alone, following each file's own
``xsi:schemaLocation``, without the network. The SDMX-CSV carries the data set's unit
attributes, which sdmx1 reads.
"""

from __future__ import annotations

import csv
import logging
import re
import shutil
from pathlib import Path

import pytest
import sdmx
from lxml import etree

NO_NETWORK = etree.XMLParser(no_network=True)
XSI = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
MESSAGE_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"


@pytest.fixture
def alone(tmp_path: Path, sample_release: Path) -> Path:
    """A copy of the release's ``sdmx/`` folder and nothing else."""
    return Path(shutil.copytree(sample_release / "sdmx", tmp_path / "downloaded"))


def _schema_for(document: Path) -> etree.XMLSchema:
    """The schema a validator builds from the document's own ``xsi:schemaLocation``."""
    root = etree.parse(str(document), NO_NETWORK).getroot()
    pairs = (root.get(XSI) or f"{MESSAGE_NS} sdmx21/SDMXMessage.xsd").split()
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(document.parent / loc).as_uri()}"/>'
        for ns, loc in zip(pairs[::2], pairs[1::2], strict=True)
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), NO_NETWORK))


def test_every_message_validates_from_the_folder_alone(alone: Path) -> None:
    messages = sorted(alone.glob("*.xml"))
    assert {p.name for p in messages} == {"structure.xml", "DF_TILT150.xml"}
    for message in messages:
        schema = _schema_for(message)
        assert schema.validate(etree.parse(str(message), NO_NETWORK)), schema.error_log


def test_the_data_names_both_its_schemas_and_they_are_in_the_folder(alone: Path) -> None:
    root = etree.parse(str(alone / "DF_TILT150.xml"), NO_NETWORK).getroot()
    locations = root.get(XSI, "").split()[1::2]
    assert locations == ["sdmx21/SDMXMessage.xsd", "DF_TILT150.xsd"]
    # Every import and include of every schema resolves inside the folder.
    for schema in [alone / "DF_TILT150.xsd", *sorted((alone / "sdmx21").glob("*.xsd"))]:
        text = schema.read_text(encoding="utf-8")
        for location in re.findall(r'<xs:(?:import|include)[^>]*schemaLocation="([^"]+)"', text):
            assert (schema.parent / location).is_file(), (schema.name, location)


def test_a_missing_sdmx_schema_fails_the_validation(alone: Path) -> None:
    (alone / "sdmx21" / "SDMXCommon.xsd").unlink()
    with pytest.raises(etree.XMLSchemaParseError):
        _schema_for(alone / "DF_TILT150.xml")


def test_the_csv_carries_the_data_sets_attributes(
    sample_release: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = sample_release / "sdmx" / "DF_TILT150.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {(r["UNIT_MEASURE"], r["UNIT_MULT"], r["DECIMALS"]) for r in rows} == {("PS", "0", "0")}
    flow = sdmx.read_sdmx(sample_release / "sdmx" / "structure.xml").dataflow["DF_TILT150"]
    with caplog.at_level(logging.INFO):
        message = sdmx.read_sdmx(path, structure=flow)
    assert "No column detected" not in caplog.text
    observation = message.data[0].obs[0]
    attached = {k: str(v.value) for k, v in observation.attached_attribute.items()}
    assert attached["UNIT_MEASURE"] == "PS" and attached["DECIMALS"] == "0"
    xml = (sample_release / "sdmx" / "DF_TILT150.xml").read_text(encoding="utf-8")
    assert 'UNIT_MEASURE="PS" UNIT_MULT="0" DECIMALS="0">' in xml


def test_an_average_with_decimals_sends_decimals_1(tmp_path: Path, sample_cube: object) -> None:
    from publisher.merging.cube import MEASURE, VALUE, Cube
    from publisher.writers.sdmx_data import csv_text, observations
    from publisher.writers.sdmx_structure import Identity

    assert isinstance(sample_cube, Cube)
    data = sample_cube.data.copy()
    average = data[MEASURE] == "PARTICIPANTS_YTD_AVG"
    data.loc[average, VALUE] = data.loc[average, VALUE] + 0.5
    cube = Cube(data, sample_cube.key, families=sample_cube.families)
    text = csv_text(observations(cube, "TILT150"), "TILT150", Identity())
    header, first = text.splitlines()[:2]
    assert dict(zip(header.split(","), first.split(","), strict=True))["DECIMALS"] == "1"
