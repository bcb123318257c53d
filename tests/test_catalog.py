"""The data dictionary and the Data Package describe the written files exactly, and every
Parquet file reads the same in pandas, polars and DuckDB."""

from __future__ import annotations

import hashlib
import json
import math

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
from frictionless import Package, Resource, validate

from pipeline.stages.shell import table_infos
from pipeline.tables import load_specs

# Arrow type of each Table Schema type the catalog emits.
ARROW_TYPES = {"string": ("string", "large_string"), "integer": ("int64",), "number": ("double",), "boolean": ("bool",)}
POLARS_TYPES = {"string": "String", "integer": "Int64", "number": "Float64", "boolean": "Boolean", "array": "List(String)"}
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "array": "VARCHAR[]"}


@pytest.fixture(scope="module")
def package(shipped_outputs) -> dict:
    return json.loads((shipped_outputs / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def resources(package) -> dict[str, dict]:
    return {resource["name"]: resource for resource in package["resources"]}


def test_every_parquet_file_is_a_resource(shipped_outputs, resources):
    assert set(resources) == {path.stem for path in shipped_outputs.glob("*.parquet")}


def test_the_descriptor_is_a_valid_data_package(package):
    report = Package.validate_descriptor(package)
    assert report.valid, report.flatten(["type", "note"])


def test_frictionless_validates_the_data_against_the_descriptor(shipped_outputs, resources):
    """frictionless reads Parquet through fastparquet but fails on list columns and needs a package
    for foreign keys (which it cannot open for Parquet), so those are checked by the tests below."""
    checked = 0
    for name, resource in resources.items():
        if any(field["type"] == "array" for field in resource["schema"]["fields"]):
            continue
        descriptor = json.loads(json.dumps(resource))
        descriptor["schema"].pop("foreignKeys", None)
        descriptor.pop("bytes"), descriptor.pop("hash")  # frictionless does not count Parquet bytes
        report = validate(Resource(descriptor, basepath=str(shipped_outputs)))
        assert report.valid, (name, report.flatten(["type", "note"])[:5])
        assert report.task.stats["rows"] == len(pd.read_parquet(shipped_outputs / resource["path"])), name
        checked += 1
    assert checked >= 5


def test_a_broken_constraint_is_caught_by_frictionless(shipped_outputs, resources):
    descriptor = json.loads(json.dumps(resources["anal_metastasis_cases"]))
    descriptor["schema"].pop("foreignKeys", None)
    descriptor.pop("bytes"), descriptor.pop("hash")
    next(field for field in descriptor["schema"]["fields"] if field["name"] == "age_years")["constraints"]["maximum"] = 50
    report = validate(Resource(descriptor, basepath=str(shipped_outputs)))
    assert not report.valid and "constraint-error" in {error[0] for error in report.flatten(["type"])}


def test_fields_types_bytes_and_hash_match_the_files(shipped_outputs, resources):
    assert_resources_describe_their_files(shipped_outputs, resources)


def assert_resources_describe_their_files(out, resources: dict[str, dict]) -> None:
    """Each resource's fields are its file's columns in order, with types Arrow agrees with; its bytes and hash are the file's."""
    for name, resource in resources.items():
        path = out / resource["path"]
        arrow = pq.read_schema(path)
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == arrow.names, name
        for field in fields:
            arrow_type = arrow.field(field["name"]).type
            if field["type"] == "array":
                assert str(arrow_type).startswith(("list", "large_list")), (name, field["name"])
            else:
                assert str(arrow_type) in ARROW_TYPES[field["type"]], (name, field["name"], arrow_type)
        assert resource["bytes"] == path.stat().st_size
        assert resource["hash"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def auto_package(auto_outputs) -> dict:
    return json.loads((auto_outputs / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def auto_resources(auto_package) -> dict[str, dict]:
    """The resources of the tables read in auto mode (in a run with the specs off)."""
    return {resource["name"]: resource for resource in auto_package["resources"] if resource.get("x-unreviewed")}


def test_every_auto_table_is_a_resource_marked_unreviewed_with_header_paths_and_inferred_types(auto_outputs, auto_package, auto_resources):
    assert Package.validate_descriptor(auto_package).valid
    files = sorted((auto_outputs / "auto").glob("*.parquet"))
    assert [f"auto/{path.stem}" for path in files] == sorted(auto_resources) == [
        "auto/hane2020__table_1", "auto/hane2020__table_2", "auto/meng2022__table_1"
    ]
    for path in files:
        resource = auto_resources[f"auto/{path.stem}"]
        assert resource["path"] == f"auto/{path.name}"
        assert resource["description"].startswith("Unreviewed, inferred types")
        metadata = pq.read_schema(path).metadata
        fields = {field["name"]: field for field in resource["schema"]["fields"]}
        paths, types = json.loads(metadata[b"header_paths"]), json.loads(metadata[b"inferred_types"])
        assert {name: field["x-headerPath"] for name, field in fields.items() if "x-headerPath" in field} == paths
        assert {name: field["x-inferredType"] for name, field in fields.items() if "x-inferredType" in field} == types
    age = next(field for field in auto_resources["auto/meng2022__table_1"]["schema"]["fields"] if field["name"] == "age")
    assert (age["type"], age["x-headerPath"], age["x-inferredType"]) == ("integer", "Age", "integer")
    assert_resources_describe_their_files(auto_outputs, auto_resources)


AUTO_ROWS = {"auto/hane2020__table_1": 3, "auto/hane2020__table_2": 5, "auto/meng2022__table_1": 32}


def test_frictionless_validates_the_auto_tables_data_and_row_key(auto_outputs, auto_resources):
    for name, resource in auto_resources.items():
        descriptor = json.loads(json.dumps(resource))
        descriptor["schema"].pop("foreignKeys", None)
        descriptor.pop("bytes"), descriptor.pop("hash")
        report = validate(Resource(descriptor, basepath=str(auto_outputs)))
        assert report.valid, (name, report.flatten(["type", "note"])[:5])
        assert report.task.stats["rows"] == len(pd.read_parquet(auto_outputs / resource["path"])) == AUTO_ROWS[name]
        assert descriptor["schema"]["primaryKey"] == ["document", "table_id", "source_row"]


def test_the_dictionary_lists_the_auto_tables_as_unreviewed_with_each_columns_header(auto_outputs):
    text = (auto_outputs / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert "## `auto/meng2022__table_1` (unreviewed, inferred types)" in text
    assert "| `age` | integer |  | no |  | Printed under “Age”; value type integer, inferred by auto mode |" in text
    assert "| `primary_tumor__surgery` | string |" in text and "Printed under “Primary tumor / Surgery”" in text


def test_primary_and_foreign_keys_hold(shipped_outputs, resources):
    frames = {name: pd.read_parquet(shipped_outputs / resource["path"]) for name, resource in resources.items()}
    assert resources["anal_metastasis_episodes"]["schema"]["foreignKeys"][0] == {
        "fields": ["document", "case_id"],
        "reference": {"resource": "anal_metastasis_cases", "fields": ["document", "case_id"]},
    }
    for name, resource in resources.items():
        key = resource["schema"].get("primaryKey")
        if key:
            assert not frames[name].duplicated(key).any(), name
        for foreign in resource["schema"].get("foreignKeys", []):
            target = frames[foreign["reference"]["resource"]][foreign["reference"]["fields"]]
            known = set(target.itertuples(index=False, name=None))
            values = set(frames[name][foreign["fields"]].itertuples(index=False, name=None))
            assert values <= known, (name, foreign)


def test_the_dictionary_lists_every_table_and_column(shipped_outputs):
    text = (shipped_outputs / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    for table in table_infos(load_specs()):
        assert f"## `{table.name}`" in text
        for column in table.columns:
            assert f"| `{column.name}` | {column.type} |" in text, (table.name, column.name)
    assert "`DC` (Descending colon)" in text, "coded values carry the legend's meaning"
    assert "`NS` → `not_specified`" in text


def plain(value: object) -> object:
    """A cell value as plain Python, so the three engines compare equal: null → None, arrays → lists."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def pandas_rows(path) -> list[tuple]:
    frame = pd.read_parquet(path)
    return [tuple(plain(value) for value in row) for row in frame.astype(object).itertuples(index=False, name=None)]


PARQUET_FILES = sorted(
    ["anal_metastasis_cases", "anal_metastasis_episodes", "nen_cases", "nen_followup_studies", "documents", "codes", "cell_lineage", "findings", "claims"]
)


@pytest.mark.parametrize("name", PARQUET_FILES)
def test_polars_reads_the_same_rows_and_types(shipped_outputs, resources, name):
    path = shipped_outputs / f"{name}.parquet"
    frame = pl.read_parquet(path)
    assert frame.rows() == pandas_rows(path)
    expected = {field["name"]: POLARS_TYPES[field["type"]] for field in resources[name]["schema"]["fields"]}
    assert {column: str(dtype) for column, dtype in frame.schema.items()} == expected


@pytest.mark.parametrize("name", PARQUET_FILES)
def test_duckdb_reads_the_same_rows_and_types(shipped_outputs, resources, name):
    path = shipped_outputs / f"{name}.parquet"
    relation = duckdb.sql(f"select * from read_parquet('{path}')")
    assert [tuple(plain(value) for value in row) for row in relation.fetchall()] == pandas_rows(path)
    expected = {field["name"]: DUCKDB_TYPES[field["type"]] for field in resources[name]["schema"]["fields"]}
    assert dict(zip(relation.columns, map(str, relation.types))) == expected


@pytest.mark.parametrize("name", PARQUET_FILES)
def test_pandas_reads_the_declared_nullable_types(shipped_outputs, resources, name):
    frame = pd.read_parquet(shipped_outputs / f"{name}.parquet")
    pandas_types = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean", "array": "object"}
    expected = {field["name"]: pandas_types[field["type"]] for field in resources[name]["schema"]["fields"]}
    assert {column: str(dtype) for column, dtype in frame.dtypes.items()} == expected
