"""The prose claims of each document about its own tables: one module per document, each defining ``CLAIMS``."""

from __future__ import annotations

import importlib
import pkgutil

from pipeline.stages.audit import Claim


def load_claims() -> tuple[Claim, ...]:
    """Return every claim declared in this package, in module-name order."""
    claims: list[Claim] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        claims.extend(getattr(module, "CLAIMS", ()))
    ids = [(claim.document, claim.id) for claim in claims]
    if len(set(ids)) != len(ids):
        raise ValueError("two claims share a document and id")
    return tuple(claims)
