"""The corpus path: batches of documents through the stages' pure cores, on a local pool or a Dask cluster."""
