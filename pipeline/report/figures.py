"""Figures as inline SVG: reproducible bytes, ids namespaced per plot, tooltips without script."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Mapping

import matplotlib
from matplotlib.figure import Figure

from pipeline.report.html import esc


# Figures must come out identical on every run and must not clash with one another's ids.
SVG_SETTINGS = {"svg.hashsalt": "clinical-tables-report", "svg.fonttype": "none", "svg.id": None}


SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class Plot:
    """One figure of the page: its id, its inline SVG and its caption (HTML)."""

    id: str
    svg: str
    caption: str


def svg_of(figure: Figure, plot_id: str, label: str, titles: Mapping[str, str] | None = None) -> str:
    """Given a figure, return it as inline SVG: no XML prolog, ids namespaced by ``plot_id``, tooltips on the artists named in ``titles``.

    Each tooltip is an SVG <title> put first in the group matplotlib writes for
    an artist's gid; browsers show it on hover without any script.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        figure.savefig(buffer, format="svg", metadata=SVG_METADATA)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :].strip()
    for gid, title in (titles or {}).items():
        svg = svg.replace(f'<g id="{gid}">', f'<g id="{gid}">\n<title>{esc(title)}</title>', 1)
    svg = re.sub(r'(?<![\w-])id="([^"]+)"', rf'id="{plot_id}-\1"', svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{plot_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{plot_id}-\1)", svg)
    return svg.replace("<svg ", f'<svg id="{plot_id}" role="img" aria-label="{esc(label)}" ', 1)


def new_figure(width: float, height: float) -> Figure:
    """Given a size in inches, return a figure detached from pyplot (no global state, no GUI backend)."""
    figure = Figure(figsize=(width, height), layout="constrained")
    figure.patch.set_facecolor("white")
    return figure
