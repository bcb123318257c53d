"""Readers, one module per source format, each turning a file into numbered lines (and, for PDF, their positions)."""
