"""The curated table specs: one module per table, each defining ``SPEC``.

Adding a table means adding a module here; nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil

from pipeline.spec import Output, TableSpec


def load_specs() -> tuple[TableSpec, ...]:
    """Return every spec declared in this package, in module-name order."""
    specs = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, TableSpec):
            specs.append(spec)
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise ValueError(f"two table specs share a name: {sorted(names)}")
    return tuple(specs)


def spec_for(caption: str, body: str, specs: tuple[TableSpec, ...]) -> TableSpec | None:
    """Given a table's caption and body text, return the one spec that claims it, if any."""
    claiming = [spec for spec in specs if spec.matches(caption, body)]
    if len(claiming) > 1:
        raise ValueError(f"table claimed by several specs: {[spec.name for spec in claiming]}")
    return claiming[0] if claiming else None


def all_outputs(specs: tuple[TableSpec, ...]) -> dict[str, Output]:
    """Given the specs, return every declared output table by name."""
    return {output.name: output for spec in specs for output in spec.outputs}
