"""The HTML report: built from the shipped run, self-contained, reproducible, and rendered by a real browser."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import config
from pipeline.report.dataset import codes_used, lineage_of, missing_counts
from pipeline.stages import report
from pipeline.tables import all_outputs, load_specs, meng2022_figures

ARTIFACTS = Path(__file__).parent / "artifacts"
OUTPUTS = sorted(all_outputs(load_specs()))
SECTION_IDS = ["overview", *(f"table-{name}" for name in OUTPUTS), "auto", "findings", "claims"]
PLOT_IDS = ["plot-age", "plot-interval", "plot-swimmer"]


@pytest.fixture(scope="module")
def dataset(shipped_outputs: Path) -> report.Dataset:
    return report.read_dataset(shipped_outputs)


@pytest.fixture(scope="module")
def page(dataset: report.Dataset) -> str:
    return report.build_report(dataset)


@pytest.fixture(scope="module")
def written(shipped_outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report written into a copy of the shipped outputs (the shared folder stays as the run left it)."""
    out = tmp_path_factory.mktemp("report")
    for path in shipped_outputs.glob("*.parquet"):
        shutil.copy(path, out / path.name)
    return report.write_report(out)


def section(page: str, section_id: str) -> str:
    """Given the page and a section id, return that section's HTML."""
    match = re.search(rf'<section id="{re.escape(section_id)}">(.*?)</section>', page, re.S)
    assert match, section_id
    return match.group(1)


def test_every_output_table_and_the_findings_and_claims_have_a_section(page):
    for section_id in SECTION_IDS:
        assert f'<section id="{section_id}">' in page, section_id
    cases = section(page, "table-anal_metastasis_cases")
    assert "31" in cases and "one row per observation unit" in cases
    assert "<code>WDA</code> Well differentiated adenocarcinoma" in cases
    assert "not in the legend: A, B, C" in cases


def test_the_auto_mode_tables_have_their_own_section_marked_unreviewed(page, auto_outputs):
    assert "None: a table spec claims every table this run read." in section(page, "auto")
    automatic = report.build_report(report.read_dataset(auto_outputs))
    tables = section(automatic, "auto")
    assert '<h3 id="table-auto-meng2022__table_1">Table <code>auto/meng2022__table_1</code> (unreviewed, inferred types)</h3>' in tables
    # Each column with its dtype, the value type auto mode inferred and the header it came from.
    assert "<td><code>age</code></td><td>Int64</td><td>integer</td><td>Age</td>" in tables
    assert "<td><code>primary_tumor__surgery</code></td><td>string</td><td>text</td><td>Primary tumor / Surgery</td>" in tables
    assert '<span class="na" title="printed: NS">not specified</span>' in tables  # the legend's NS, with its reason
    overview = section(automatic, "overview")
    assert '<a href="#table-auto-meng2022__table_1"><code>auto/meng2022__table_1</code></a></td><td>auto mode, unreviewed</td>' in overview


def test_the_page_loads_nothing_from_outside(page):
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", page, re.I)
    assert "@import" not in page
    for target in re.findall(r'\b(?:src|href|xlink:href|action|poster)\s*=\s*"([^"]*)"', page):
        assert target.startswith("#"), target
    assert all(target.startswith("#") for target in re.findall(r"url\(([^)]*)\)", page))
    # The only absolute URLs are the SVG namespace names, which nothing fetches.
    without_namespaces = re.sub(r'xmlns(?::\w+)?="[^"]*"', "", page)
    assert "http://" not in without_namespaces and "https://" not in without_namespaces


def test_the_three_figures_are_inline_svg_with_unique_ids(page):
    for plot_id in PLOT_IDS:
        assert re.search(rf'<svg id="{plot_id}" role="img"', page), plot_id
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids repeat across the inline figures"
    swimmer = re.search(r'<svg id="plot-swimmer".*?</svg>', page, re.S).group(0)
    assert "<title>meng2022-1, episode 2: 5 months, death due to MLD; printed cell: 5/death due to MLD</title>" in swimmer
    # The 10 episodes without a follow-up time are shown as such, not as bars of 0 months.
    assert swimmer.count("no follow-up time (") == 10


def test_missing_counts_match_cell_lineage(page, dataset):
    lineage = dataset.tables["cell_lineage"]
    expected = lineage[(lineage["output"] == "anal_metastasis_episodes") & (lineage["column"] == "recurrence_or_outcome")]
    expected = expected["missing_reason"].value_counts().to_dict()
    assert expected == {"not_available": 18, "not_specified": 9}
    row = re.search(r'<tr id="missing-anal_metastasis_episodes-recurrence_or_outcome">(.*?)</tr>', page).group(1)
    shown = {reason: int(count) for reason, count in re.findall(r'data-reason="(\w+)">(\d+)<', row)}
    assert {reason: count for reason, count in shown.items() if count} == expected
    counts = missing_counts(dataset.tables["anal_metastasis_episodes"], lineage_of(dataset, "anal_metastasis_episodes"))
    assert (counts["unexplained"] == 0).all()


def test_claims_are_listed_with_mismatches_highlighted(page, dataset):
    claims = section(page, "claims")
    mismatches = dataset.tables["claims"].query("status == 'mismatch'")
    assert len(mismatches) == 7
    for document, claim_id in zip(mismatches["document"], mismatches["claim_id"]):
        assert re.search(rf'<tr id="claim-{document}-{claim_id}" class="mismatch">', claims), claim_id
    assert claims.count('class="match"') == len(dataset.tables["claims"]) - len(mismatches)


def test_rejected_rows_are_shown_and_text_is_escaped(dataset):
    cases = dataset.tables["anal_metastasis_cases"]
    rejected = cases.head(1).assign(rejected_reason="column 'age_years' fails less_than_or_equal_to(120): value 163")
    findings = dataset.tables["findings"].copy()
    findings.loc[0, "detail"] = "<script>alert(1)</script>"
    tables = {name: frame for name, frame in dataset.tables.items() if name != "nen_cases"} | {"findings": findings}
    page = report.build_report(report.Dataset(tables, dataset.metadata, {"anal_metastasis_cases": rejected}))
    cases_section = section(page, "table-anal_metastasis_cases")
    assert "1 row set aside by a lenient run" in cases_section and "value 163" in cases_section
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Not written in this run" in section(page, "table-nen_cases")


def test_a_run_with_no_claims_findings_codes_or_lineage_still_gets_a_report(dataset):
    tables = {name: frame.iloc[0:0] if name in ("claims", "findings", "codes") else frame for name, frame in dataset.tables.items() if name != "cell_lineage"}
    page = report.build_report(report.Dataset(tables, dataset.metadata))
    for section_id in SECTION_IDS:
        assert f'<section id="{section_id}">' in page, section_id
    assert "No claim of the papers is computed from this table" in page and "No findings." in page
    assert "The source table prints no legend of abbreviations." in section(page, "table-anal_metastasis_cases")


def test_outcome_categories():
    assert meng2022_figures.outcome_category("death due to peritoneal metastasis") == "death"
    assert meng2022_figures.outcome_category("lung metastasis") == "recurrence or metastasis"
    assert meng2022_figures.outcome_category("recurrence") == "recurrence or metastasis"
    assert meng2022_figures.outcome_category("alive without disease") == "other outcome"
    assert meng2022_figures.outcome_category(pd.NA) == "outcome missing"


def test_writing_twice_gives_identical_bytes_even_from_another_process(written):
    first = written.read_bytes()
    assert report.write_report(written.parent).read_bytes() == first
    # A fresh interpreter (another hash seed, fresh matplotlib state) must write the same bytes.
    code = "import sys; from pathlib import Path; from pipeline.stages.report import write_report; write_report(Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(written.parent)], check=True, cwd=config.PROJECT_ROOT, env={**os.environ, "PYTHONHASHSEED": "123"})
    assert written.read_bytes() == first
    assert not list(written.parent.glob(".*.tmp"))


def browser_tools() -> tuple[str, str]:
    """Return Chromium and its driver; skip without them, but fail under CI, where skipping would hide a broken setup."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or ("/usr/lib/chromium/chromedriver" if Path("/usr/lib/chromium/chromedriver").exists() else None)
    missing = [name for name, path in (("chromium", chromium), ("chromedriver (Debian: chromium-driver)", driver)) if not path]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip)")
    if missing:
        message = f"the browser test needs {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must install them (.ci/run does)")
        pytest.skip(message)
    return chromium, driver


def test_the_report_renders_in_headless_chromium_without_errors(written):
    chromium, driver_path = browser_tools()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.set_page_load_timeout(30)
        driver.set_window_size(1400, 1000)
        driver.get(written.resolve().as_uri())
        severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert not severe, severe
        for section_id in SECTION_IDS:
            assert driver.find_element(By.ID, section_id).is_displayed(), section_id
        for plot_id in PLOT_IDS:
            assert driver.find_element(By.ID, plot_id).size["width"] > 100, plot_id
        # Grow the window to the whole page (plus the browser's own frame) for one full-page screenshot.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        frame = driver.execute_script("return window.outerHeight - window.innerHeight")
        driver.set_window_size(1400, min(height + frame, 30000))
        ARTIFACTS.mkdir(exist_ok=True)
        assert driver.save_screenshot(str(ARTIFACTS / "report.png"))
        assert not [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    finally:
        driver.quit()


def test_a_corpus_swimmer_plot_shows_the_longest_episodes_and_says_so(dataset):
    episodes = dataset.tables["anal_metastasis_episodes"]
    lineage = dataset.tables["cell_lineage"]
    copies = [episodes.assign(document=f"copy{number}") for number in range(3)]
    copied_lineage = pd.concat([lineage.assign(document=f"copy{number}") for number in range(3)], ignore_index=True)
    plot = meng2022_figures.swimmer_plot(pd.concat(copies, ignore_index=True), copied_lineage)
    assert f"the {meng2022_figures.MAX_SWIMMER_EPISODES} longest of {3 * len(episodes)} episodes" in plot.caption
    assert plot.svg.count('id="plot-swimmer-episode-') == meng2022_figures.MAX_SWIMMER_EPISODES


MENG = [("M", "Male"), ("NS", "Not specified"), ("AF", "Anal fistula"), ("SCR", "Sigmoid colon resection"), ("LR", "Local resection")]


@pytest.mark.parametrize(
    ("texts", "legend", "expected"),
    [
        (["55/M", "NS"], MENG, [("M", "Male"), ("NS", "Not specified")]),
        (["NSCLC", "AFP", "Mx"], MENG, []),  # inside a longer word is no use of the code
        (["SCR + LR"], [*MENG, ("SCR + LR", "both")], [("SCR", "Sigmoid colon resection"), ("LR", "Local resection"), ("SCR + LR", "both")]),
        (["LR"], [("L", "Left"), ("LR", "Local resection"), ("R", "Rectum")], [("LR", "Local resection")]),
        (["Pain (+)"], [("+", "present"), ("(+)", "present, in brackets")], [("+", "present"), ("(+)", "present, in brackets")]),
        (["NS", "NA"], [("NS", "Not specified"), ("NA", "Not available"), ("NS", "Not specified")], [("NS", "Not specified"), ("NA", "Not available"), ("NS", "Not specified")]),
        (["NS"], [], []),
        ([], MENG, []),
    ],
)
def test_codes_used_finds_each_code_as_a_whole_word_in_legend_order(texts, legend, expected):
    assert codes_used(texts, legend) == expected


def per_code_search(texts: list[str], legend: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The lookup codes_used replaced (one search per code, quadratic at corpus scale), as the reference of what it finds."""
    text = "\n".join(texts)
    return [(code, meaning) for code, meaning in legend if re.search(rf"(?<!\w){re.escape(code)}(?!\w)", text)]


@given(
    st.lists(st.text("aAb1é +/(-\n", max_size=12), max_size=4),
    st.lists(st.tuples(st.text("aAb1é +/(-", max_size=4), st.sampled_from(["x", "y"])), max_size=8),
)
def test_codes_used_finds_what_one_search_per_code_finds(texts, legend):
    assert codes_used(texts, legend) == per_code_search(texts, legend)


def test_the_report_package_imports_no_stage():
    """A spec's figures module imports pipeline.report; the report stage imports the package, never the reverse."""
    imported = {
        (path.name, f"{node.module}.{alias.name}" if isinstance(node, ast.ImportFrom) else alias.name)
        for path in (config.PROJECT_ROOT / "pipeline" / "report").glob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert ("dataset.py", "pipeline.auto") in imported  # the walk sees the imports
    assert {(name, module) for name, module in imported if module.startswith("pipeline.stages")} == set()
