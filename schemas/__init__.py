"""Pandera schemas of every output table, one ``DataFrameModel`` per table.

Each field carries its description and, where it has one, its unit in
``metadata={"unit": ...}``; the writer copies both into the Parquet schema.
"""
