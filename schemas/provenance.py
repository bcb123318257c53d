"""Schemas of the tables that travel with every dataset: documents, codes, lineage, findings."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

MISSING_REASONS = ["not_specified", "not_available", "not_applicable", "not_reported", "not_reached", "not_estimable", "undefined_code", "blank"]


class _Strict:
    strict = True
    coerce = True
    ordered = True


class Documents(pa.DataFrameModel):
    """One row per source document in raw/: its checksum, title and the tables found in it."""

    document: Series[pd.StringDtype] = pa.Field(unique=True, description="Document id (raw/manifest.csv, else the file stem)")
    file: Series[pd.StringDtype] = pa.Field(description="File name in the raw folder")
    sha256: Series[pd.StringDtype] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes")
    encoding: Series[pd.StringDtype] = pa.Field(
        isin=["utf-8", "utf-16", "cp1252", "pdf", "jats", "html", "docx"],
        description="How the file was read: a text file's encoding (UTF-8 unless that failed), pdf for the text layer of a PDF, "
        "or the structured format whose cells were read (jats, html, docx)",
    )
    title: Series[pd.StringDtype] = pa.Field(description="Title from the manifest, else the file's own (JATS article-title, HTML citation_title or <title>, DOCX title or first paragraph), else the first line")
    citation: Series[pd.StringDtype] = pa.Field(nullable=True, description="Bibliographic citation from the manifest, else built from a JATS article's metadata")
    first_author: Series[pd.StringDtype] = pa.Field(nullable=True, description="First author's surname from the manifest, else the file's own (JATS contrib, HTML citation_author)")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1900, le=2100, description="Publication year from the manifest, else the file's own (JATS pub-date, HTML citation date)", metadata={"unit": "year"})
    journal: Series[pd.StringDtype] = pa.Field(nullable=True, description="Journal title from the manifest, else the file's own (JATS journal-meta, HTML citation_journal_title)")
    doi: Series[pd.StringDtype] = pa.Field(nullable=True, description="DOI from the manifest, else the file's own (JATS article-id, HTML citation_doi)")
    pmcid: Series[pd.StringDtype] = pa.Field(nullable=True, str_matches=r"^PMC\d+$", description="PubMed Central id (PMC…) from the manifest, else a JATS article's article-id")
    n_lines: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Number of text lines")
    tables: Series[object] = pa.Field(description="Ids of the tables found (table_N from the caption 'Table N')")

    Config = _Strict


class Codes(pa.DataFrameModel):
    """One row per abbreviation defined in a table's legend."""

    document: Series[pd.StringDtype] = pa.Field(description="Source document id")
    table_id: Series[pd.StringDtype] = pa.Field(description="Table id within the document")
    code: Series[pd.StringDtype] = pa.Field(description="The abbreviation as printed")
    meaning: Series[pd.StringDtype] = pa.Field(description="Its meaning as printed in the legend")
    line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Line of the legend in the document")

    Config = _Strict


class CellLineage(pa.DataFrameModel):
    """One row per output value read from a cell: where it came from and why it is missing, if it is."""

    output: Series[pd.StringDtype] = pa.Field(description="Output table the value belongs to")
    document: Series[pd.StringDtype] = pa.Field(description="Source document id")
    source_row: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Body row of the source table (joins the output's source_row)")
    column: Series[pd.StringDtype] = pa.Field(description="Output column")
    table_column: Series[pd.StringDtype] = pa.Field(description="Header path of the source cell")
    raw_text: Series[pd.StringDtype] = pa.Field(description="Cell text as printed in the document (before any declared repair)")
    line: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Document line the cell starts on (for a PDF, the line of its rebuilt text, _interim/pdf_lines.parquet)")
    missing_reason: Series[pd.StringDtype] = pa.Field(nullable=True, isin=MISSING_REASONS, description="Why the value is missing: not_specified (NS), not_available (NA), not_applicable, not_reported, not_reached (a median the follow-up did not reach), not_estimable, undefined_code, blank")
    repair: Series[pd.StringDtype] = pa.Field(nullable=True, description="Id of the declared repair applied to the cell, if any")
    note: Series[pd.StringDtype] = pa.Field(nullable=True, description="How the cell was reached, e.g. filled down from the study above")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="PDF page the cell is printed on (null for text files)")
    x0: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Left edge of the cell's words on the PDF page", metadata={"unit": "pt"})
    top: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Top edge of the cell's words, from the top of the page", metadata={"unit": "pt"})
    x1: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Right edge of the cell's words", metadata={"unit": "pt"})
    bottom: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Bottom edge of the cell's words, from the top of the page", metadata={"unit": "pt"})

    Config = _Strict


class Findings(pa.DataFrameModel):
    """One row per problem found in a source: a gap in its legend, a repair, an inconsistency."""

    document: Series[pd.StringDtype] = pa.Field(description="Source document id")
    table_id: Series[pd.StringDtype] = pa.Field(description="Table id within the document")
    kind: Series[pd.StringDtype] = pa.Field(description="Kind of finding, e.g. code_not_in_legend, repair_applied, inconsistent_percentage")
    column: Series[pd.StringDtype] = pa.Field(nullable=True, description="Header path or output column concerned")
    value: Series[pd.StringDtype] = pa.Field(nullable=True, description="The value concerned, as printed")
    line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Document line of the first occurrence")
    detail: Series[pd.StringDtype] = pa.Field(description="What is wrong, in a sentence")

    Config = _Strict


class Claims(pa.DataFrameModel):
    """One row per numeric claim a document makes about its own table, checked against the extracted table."""

    document: Series[pd.StringDtype] = pa.Field(description="Source document id")
    claim_id: Series[pd.StringDtype] = pa.Field(description="Claim id within the document")
    quote: Series[pd.StringDtype] = pa.Field(description="The claim's words, found verbatim in the document (whitespace aside)")
    line: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Document line where the quote starts")
    reported: Series[pd.Float64Dtype] = pa.Field(description="The number the document prints")
    reported_percent: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="The percentage printed with it, if any", metadata={"unit": "%"})
    computed: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="The same number computed from the extracted table")
    computed_percent: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="The percentage computed from the extracted table", metadata={"unit": "%"})
    difference: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="computed, rounded to the printed precision, minus reported")
    status: Series[pd.StringDtype] = pa.Field(isin=["match", "mismatch", "unverifiable"], description="match: agrees at the printed precision (number and percentage); mismatch: a finding about the paper; unverifiable: nothing to compute from")
    computation: Series[pd.StringDtype] = pa.Field(description="The computation, as a readable expression")
    note: Series[pd.StringDtype] = pa.Field(nullable=True, description="Choices the paper does not state, and the alternative that reproduces its figure")

    Config = _Strict


# Tables that travel with every dataset, with the schema each is written with.
COMPANION_TABLES = {
    "documents": Documents,
    "codes": Codes,
    "cell_lineage": CellLineage,
    "findings": Findings,
}
