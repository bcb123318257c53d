"""Hostile and careless use (issue 19): nothing written outside --out, no symlink read, one output set at a time, clear errors."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import regex

from pipeline import auto, config, draft, inventory, outputs
from pipeline.cli import main
from pipeline.errors import UsageError
from pipeline.sources.text import text_to_lines
from pipeline.stages import extract, parse
from tests.conftest import load_spec_file

REVIEW = "000_513c70c52d57c45f.txt"
NEN = "004_c41d62315dfb8f1b.txt"
CORPUS = ["--workers", "1", "--batch-size", "2"]
PATHS = pytest.mark.parametrize("path", [[], CORPUS], ids=["single run", "corpus path"])
OUTPUT_TABLES = ("anal_metastasis_cases", "anal_metastasis_episodes", "nen_cases", "nen_followup_studies")


def run_cli(raw: Path, out: Path, *options: str, command: str = "run", **popen: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", command, "--raw", str(raw), "--out", str(out), "-q", *options],
                          capture_output=True, text=True, check=False, **popen)


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("error:", "bug:", "warning:"))]


def one_line(result: subprocess.CompletedProcess) -> str:
    """The run's stderr is exactly one line with no traceback; return it."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def raw_with(tmp_path: Path, *files: str, manifest: str | None = None) -> Path:
    """A raw folder holding copies of the named shipped documents and, if given, this manifest text."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for file in files:
        shutil.copyfile(config.RAW_DIR / file, raw / file)
    if manifest is not None:
        (raw / config.MANIFEST_NAME).write_text(manifest, encoding="utf-8")
    return raw


def shipped_manifest_lines() -> list[str]:
    return (config.RAW_DIR / config.MANIFEST_NAME).read_text(encoding="utf-8").splitlines()


def files_under(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}


def table_documents(out: Path, name: str) -> set[str]:
    path = out / f"{name}.parquet"
    return set(pd.read_parquet(path)["document"]) if path.exists() else set()


# Safe ids and paths


@pytest.mark.parametrize("text", ["meng2022", "000_513c70c52d57c45f", "a.b-c_d", "X" * 100, "downloaded article (1)", "Müller, 2020+", "x"])
def test_safe_ids_are_accepted(text):
    assert inventory.is_safe_id(text)


@pytest.mark.parametrize("text", ["../../../../tmp/ESCAPED", "a/b", "..", ".hidden", "-rf", "", " lead", "trail ", "ends.", "x\ny", "a\tb", "X" * 101,
                                  "a\\b", "a;b", "review #2", "C:x", "\u202egnp.exe"])
def test_unsafe_ids_are_refused(text):
    assert not inventory.is_safe_id(text)


def test_a_path_outside_the_output_folder_is_refused(tmp_path):
    assert outputs.inside(tmp_path / "out", tmp_path / "out" / "auto" / "x.parquet")
    with pytest.raises(UsageError, match="would be written outside the output folder"):
        outputs.inside(tmp_path / "out", tmp_path / "out" / "auto" / ".." / ".." / "x.parquet")


@PATHS
def test_a_folder_in_out_linking_elsewhere_carries_no_write_out(tmp_path, path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "auto").symlink_to(elsewhere)
    result = run_cli(config.RAW_DIR, out, "--auto-only", *path)
    assert result.returncode == 2
    assert regex.fullmatch(rf"error: {regex.escape(str(out))}/auto/\w+__table_\d(\.parquet|/batch-0000\d\.parquet) would be written "
                           rf"outside the output folder {regex.escape(str(out))}", one_line(result))
    assert os.listdir(elsewhere) == [] and os.listdir(out) == ["auto"]


@PATHS
def test_a_hostile_manifest_id_writes_nothing_outside_out(tmp_path, path):
    escaped = f"ESCAPED_{os.getpid()}_{len(path)}"
    lines = shipped_manifest_lines()
    lines[1] = lines[1].replace(",meng2022,", f",../../../../../../../tmp/{escaped},", 1)
    raw = raw_with(tmp_path, REVIEW, NEN, manifest="\n".join(lines) + "\n")
    out = tmp_path / "out"
    result = run_cli(raw, out, "--auto-only", *path)
    assert result.returncode == 1
    assert one_line(result) == (
        f"error: extract: manifest.csv: line 2: document id of {REVIEW} is not safe as a file name ({inventory.SAFE_ID_RULE}); "
        f"{REVIEW} is left out (value '../../../../../../../tmp/{escaped}')"
    )
    assert not list(Path("/tmp").glob(f"{escaped}*")) and not any(escaped in name for name in files_under(tmp_path))
    assert sorted(os.listdir(tmp_path)) == ["out", "raw"] and sorted(os.listdir(raw)) == sorted([REVIEW, NEN, config.MANIFEST_NAME])
    read = pd.read_parquet(out / "documents.parquet" if not path else out / "documents")
    assert list(read["document"]) == ["hane2020"]


@PATHS
def test_a_file_stem_that_is_no_safe_id_is_named_and_left_out(tmp_path, path):
    raw = raw_with(tmp_path, NEN)
    shutil.copyfile(config.RAW_DIR / REVIEW, raw / "review #2.txt")
    result = run_cli(raw, tmp_path / "out", *path)
    assert result.returncode == 1
    assert one_line(result) == (f"error: extract: review #2.txt: its file stem is not a safe document id ({inventory.SAFE_ID_RULE}); "
                                "give it one in manifest.csv (value 'review #2')")


# Symlinks


@PATHS
def test_a_symlink_in_the_raw_folder_is_refused_unless_followed(tmp_path, path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET first line\n" + (config.RAW_DIR / NEN).read_text(encoding="utf-8"), encoding="utf-8")
    raw = raw_with(tmp_path, REVIEW)
    (raw / "leak.txt").symlink_to(secret)
    (raw / "alias.txt").symlink_to(raw / REVIEW)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), *path],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "symbolic link" in line] == [
        f"notice: extract: alias.txt: a symbolic link (to {raw / REVIEW}, inside the raw folder); not read (--follow-symlinks reads it)",
        f"notice: extract: leak.txt: a symbolic link (to {secret}, outside the raw folder); not read (--follow-symlinks reads it)",
    ]
    assert not any(line.startswith(("error", "bug")) for line in result.stderr.splitlines())
    published = b"".join(path.read_bytes() for path in out.rglob("*") if path.is_file())
    assert b"SECRET" not in published
    followed = run_cli(raw, tmp_path / "followed", "--follow-symlinks", *path)
    # Followed, the alias is the review a second time: refused as such.
    assert followed.returncode == 1 and one_line(followed).startswith("error: extract: alias.txt: same content (sha256 ")
    documents = pd.read_parquet(tmp_path / "followed" / ("documents" if path else "documents.parquet"))
    assert set(documents["file"]) == {REVIEW, "leak.txt"} and "SECRET first line" in set(documents["title"])


def test_a_symlinked_manifest_is_refused(tmp_path):
    target = tmp_path / "elsewhere.csv"
    shutil.copyfile(config.RAW_DIR / config.MANIFEST_NAME, target)
    raw = raw_with(tmp_path, NEN)
    (raw / config.MANIFEST_NAME).symlink_to(target)
    result = run_cli(raw, tmp_path / "out")
    assert result.returncode == 1
    assert one_line(result) == (f"error: extract: manifest.csv: is a symbolic link (to {target}); not read, since the ids come from it "
                                "(--follow-symlinks reads it)")
    assert not (tmp_path / "out").exists()
    assert run_cli(raw, tmp_path / "out", "--follow-symlinks").returncode == 0


# Duplicates and manifest faults


@PATHS
def test_the_same_content_under_two_names_is_read_once(tmp_path, path):
    raw = raw_with(tmp_path, REVIEW, NEN, manifest="\n".join(shipped_manifest_lines()) + "\n")
    shutil.copyfile(raw / REVIEW, raw / "review_again.txt")
    out = tmp_path / "out"
    result = run_cli(raw, out, *path)
    assert result.returncode == 1
    digest = hashlib.sha256((raw / REVIEW).read_bytes()).hexdigest()
    assert one_line(result) == f"error: extract: review_again.txt: same content (sha256 {digest[:12]}…) as {REVIEW}; review_again.txt is left out"
    cases = pd.read_parquet(out / ("anal_metastasis_cases" if path else "anal_metastasis_cases.parquet"))
    assert len(cases) == 31


def test_empty_files_are_each_refused_as_empty_not_as_copies(tmp_path):
    raw = raw_with(tmp_path, NEN)
    (raw / "a.txt").write_bytes(b"")
    (raw / "b.txt").write_bytes(b"")
    result = run_cli(raw, tmp_path / "out")
    assert result.returncode == 1
    assert problem_lines(result.stderr) == ["error: extract: a.txt: file is empty", "error: extract: b.txt: file is empty"]


@PATHS
def test_a_duplicate_id_in_the_manifest_names_both_lines(tmp_path, path):
    lines = shipped_manifest_lines()
    lines[5] = lines[5].replace(",hane2020,", ",meng2022,", 1)
    raw = raw_with(tmp_path, REVIEW, NEN, manifest="\n".join(lines) + "\n")
    out = tmp_path / "out"
    result = run_cli(raw, out, *path)
    assert result.returncode == 1
    assert one_line(result) == (f"error: extract: manifest.csv: line 6: {REVIEW} (line 2) and {NEN} would both be document 'meng2022'; "
                                f"{NEN} is left out")
    documents = pd.read_parquet(out / ("documents" if path else "documents.parquet"))
    assert list(documents["file"]) == [REVIEW]


def test_a_file_listed_twice_keeps_its_first_line(tmp_path):
    lines = shipped_manifest_lines()
    raw = raw_with(tmp_path, REVIEW, manifest="\n".join([*lines, lines[1].replace(",meng2022,", ",other,")]) + "\n")
    manifest = inventory.read_manifest(raw)
    assert [str(error) for error in manifest.errors] == [f"manifest.csv: line 7: lists {REVIEW} again (first on line 2); this line is left out"]
    assert manifest.frame.loc[REVIEW, "document"] == "meng2022"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("document,sha256\nmeng2022,abc\n", "manifest.csv: line 1: missing required column 'file' (its columns: 'document', 'sha256')"),
        ("file,title\nx.txt,X\n", "manifest.csv: line 1: missing required column 'document' (its columns: 'file', 'title')"),
        ("", "manifest.csv: line 1: missing required column 'file', 'document' (its columns: none)"),
        ('file,document\n"x.txt,x\n', "manifest.csv: line 2: not readable as CSV (unexpected end of data)"),
    ],
)
def test_a_manifest_without_its_columns_is_an_input_error_naming_the_column(tmp_path, text, message):
    raw = raw_with(tmp_path, NEN, manifest=text)
    result = run_cli(raw, tmp_path / "out")
    assert result.returncode == 1
    assert one_line(result) == f"error: extract: {message}"
    assert not (tmp_path / "out").exists()


@PATHS
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (random.Random(19).randbytes(4096), "manifest.csv: not UTF-8 text (undecodable byte at offset 3); a manifest is a UTF-8 CSV file "
                                            "(value 'ad 6e ae 12 0b 46 f3 ef')"),
        (b"file,document\n\x00\x01\x02", "manifest.csv: binary, not CSV text (control character U+0000 at character 14)"),
    ],
    ids=["random bytes", "binary"],
)
def test_a_manifest_of_random_bytes_is_an_input_error(tmp_path, path, data, message):
    raw = raw_with(tmp_path, NEN)
    (raw / config.MANIFEST_NAME).write_bytes(data)
    result = run_cli(raw, tmp_path / "out", *path)
    assert result.returncode == 1
    assert one_line(result) == f"error: extract: {message}"
    assert not (tmp_path / "out").exists()


def test_a_manifest_without_checksums_gets_a_notice(tmp_path):
    lines = [",".join(cell for index, cell in enumerate(line.split(",")) if index != 2) for line in shipped_manifest_lines()[:2]]
    raw = raw_with(tmp_path, REVIEW, manifest="\n".join(lines) + "\n")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "notice: extract: manifest.csv has no sha256 column: no document's checksum is checked" in result.stderr.splitlines()
    blank = shipped_manifest_lines()
    blank[1] = blank[1].replace(blank[1].split(",")[2], "")
    (raw / config.MANIFEST_NAME).write_text("\n".join(blank) + "\n", encoding="utf-8")
    found = extract.take_inventory(raw)
    assert found.notices == (f"{REVIEW}: no sha256 in manifest.csv; its checksum is not checked",) and not found.errors


def test_a_year_that_is_no_year_names_its_line(tmp_path):
    lines = shipped_manifest_lines()
    lines[1] = lines[1].replace(",2022,", ",twenty,", 1)
    raw = raw_with(tmp_path, REVIEW, NEN, manifest="\n".join(lines) + "\n")
    found = extract.take_inventory(raw)
    assert [str(error) for error in found.errors] == [f"manifest.csv: line 2: year of {REVIEW} is not a year; {REVIEW} is left out (value 'twenty')"]
    assert [path.name for path in found.paths] == [NEN]


# Usage and environment errors


@PATHS
def test_an_out_that_is_a_file_is_a_usage_error(tmp_path, path):
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    result = run_cli(config.RAW_DIR, tmp_path / "out", *path)
    assert result.returncode == 2
    assert one_line(result) == f"error: --out {tmp_path / 'out'} is a file, not a folder"
    result = run_cli(config.RAW_DIR, tmp_path / "out" / "inside", *path)
    assert result.returncode == 2 and one_line(result).startswith(f"error: --out {tmp_path / 'out' / 'inside'}: cannot create its parent folder")


def test_an_out_that_cannot_be_written_is_a_usage_error(tmp_path):
    if os.geteuid() == 0:  # root writes anywhere permissions are concerned; a read-only file system stops it too
        if not Path("/sys").is_dir():
            pytest.skip("no read-only /sys to write into")
        out = Path("/sys/clinical_tables_out")
    else:
        (tmp_path / "locked").mkdir(mode=0o555)
        out = tmp_path / "locked" / "out"
    result = run_cli(config.RAW_DIR, out)
    assert result.returncode == 2
    assert regex.fullmatch(rf"error: --out {regex.escape(str(out))}: cannot write beside it \(.+\); the lock and staging folder live in .+",
                           one_line(result))


@PATHS
def test_a_missing_raw_folder_or_a_folder_named_like_a_document_is_a_usage_error(tmp_path, path):
    result = run_cli(tmp_path / "nowhere", tmp_path / "out", *path)
    assert result.returncode == 2 and one_line(result) == f"error: raw folder {tmp_path / 'nowhere'} does not exist"
    raw = raw_with(tmp_path, NEN)
    (raw / "x.txt").mkdir()
    result = run_cli(raw, tmp_path / "out", *path)
    assert result.returncode == 2
    assert one_line(result) == f"error: {raw / 'x.txt'} is a folder, not a document; rename it or move it out of the raw folder"
    assert not (tmp_path / "out").exists()
    result = run_cli(raw / NEN, tmp_path / "out", *path)
    assert result.returncode == 2 and one_line(result) == f"error: raw folder {raw / NEN} is not a folder"


# spec draft


HOSTILE_CAPTIONS = [
    'Cases "quoted" and \'single\'',
    'Cases """ triple',
    "Cases ''' triple",
    "Cases ending in a backslash \\",
    'Cases \\" escaped',
    'A"); __import__("pathlib").Path(MARKER).touch(); ("',
    'A"""); __import__("pathlib").Path(MARKER).touch(); ("""',
    "A'''); __import__('pathlib').Path(MARKER).touch(); ('''",
    "Cases {braces} and %s and \\N{BULLET}",
]


def hostile_document(caption: str, marker: Path) -> str:
    caption = caption.replace("MARKER", repr(str(marker)))
    header = 'Age"""\\'
    return f"Table 1 {caption}\n\t{header}\n\tSex\n\n\t50\n\tM\n\n\t61\n\tF\n\nM: Male \"\"\"; F: Female\\\n"


@pytest.mark.parametrize("caption", HOSTILE_CAPTIONS)
def test_a_drafted_spec_keeps_hostile_captions_as_strings(tmp_path, caption, capsys):
    marker = tmp_path / "INJECTED"
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "doc.txt").write_text(hostile_document(caption, marker), encoding="utf-8")
    target = tmp_path / f"draft_{HOSTILE_CAPTIONS.index(caption)}.py"
    assert main(["spec", "draft", "doc", "--table", "1", "--raw", str(raw), "--output", str(target)]) == 0, capsys.readouterr().err
    spec = load_spec_file(target)
    assert not marker.exists()
    printed = caption.replace("MARKER", repr(str(marker)))
    assert sys.modules[target.stem].__doc__ == f"doc, Table 1: {printed}"
    assert spec.outputs[0].description == printed and regex.fullmatch(spec.caption, printed)
    assert spec.headers[0] == 'Age"""\\' and spec.outputs[0].columns[3].source == 'Age"""\\'
    assert "values.code(" + repr({"M": 'Male """', "F": "Female\\"}) + ")" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("caption", ["two\nlines", 'x\n"""\nimport os\n"""', "\x00\x1b[31m", "\r\n\\"])
def test_a_drafted_spec_keeps_captions_no_document_can_print(tmp_path, caption):
    text = "Table 1 Cases\n\tAge\n\tSex\n\n\t50\n\tM\n\n\t61\n\tF\n"
    [record] = extract.lines_to_tables(text_to_lines(text), "doc")
    record = pd.Series({**record, "file": "doc.txt"})
    grid, _ = parse.parse_unclaimed(record)
    target = tmp_path / f"draft_raw_{abs(hash(caption))}.py"
    target.write_text(draft.draft_spec("doc", 1, caption, grid, auto.read_table(record, grid)), encoding="utf-8")
    spec = load_spec_file(target)
    assert spec.outputs[0].description == caption and sys.modules[target.stem].__doc__ == f"doc, Table 1: {caption}"


def test_spec_draft_usage_errors_are_one_line(tmp_path, capsys):
    assert main(["spec", "draft", "meng2022", "--table", "1", "--raw", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"error: spec draft: raw folder {tmp_path / 'nowhere'} does not exist\n"
    assert main(["spec", "draft", "meng2022", "--table", "1", "--output", str(tmp_path / "missing" / "draft.py")]) == 2
    assert capsys.readouterr().err == f"error: spec draft: cannot write {tmp_path / 'missing' / 'draft.py'} (No such file or directory)\n"


@pytest.mark.parametrize(("name", "field"), [("age", "age"), ("5_fu", "column_5_fu"), ("class", "class_"), ("match", "match_")])
def test_drafted_field_names_are_identifiers(name, field):
    assert draft.field_name(name) == field
    assert draft.class_name("000_513c70c52d57c45f_table1") == "Table000513c70c52d57c45fTable1"


# Output files honour the umask


@pytest.mark.parametrize(("umask", "mode", "path"), [(0o022, 0o644, []), (0o027, 0o640, []), (0o002, 0o664, CORPUS)])
def test_output_files_honour_the_umask(tmp_path, umask, mode, path):
    out = tmp_path / "out"
    result = run_cli(config.RAW_DIR, out, *path, preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    modes = {oct(path.stat().st_mode & 0o777) for path in out.rglob("*") if path.is_file()}
    assert modes == {oct(mode)}
    assert {oct(path.stat().st_mode & 0o777) for path in out.rglob("*") if path.is_dir()} == {oct(mode | 0o111 & ~umask)}
