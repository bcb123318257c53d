"""The report page's CSS, inline in its <style> so the page loads nothing."""

from __future__ import annotations


STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 0 auto; max-width: 1320px; padding: 1rem 2rem 4rem; color: #1b1b1b; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #d0d7de; padding-bottom: 0.2rem; margin-top: 2.5rem; }
h3 { margin-top: 1.6rem; }
section { scroll-margin-top: 1rem; }
nav ul { columns: 2; padding-left: 1.2rem; }
.lead { color: #444; margin-top: 0; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.82rem; }
.na { color: #767676; font-style: italic; }
.list { color: #0b5394; }
.ok { color: #1a7f37; font-weight: 600; }
.bad { color: #b42318; font-weight: 600; }
tr.mismatch td { background: #fde8e8; }
tr.unverifiable td { background: #fff6d6; }
.badge { display: inline-block; border-radius: 0.6rem; padding: 0 0.5rem; font-size: 0.78rem; font-weight: 600; }
.badge.match { background: #dafbe1; color: #116329; }
.badge.mismatch { background: #b42318; color: #fff; }
.badge.unverifiable { background: #f5d76e; color: #4d3800; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.9rem; max-width: 60rem; }
.legend-codes { font-size: 0.85rem; }
table.claims td:nth-child(3) { min-width: 14rem; }
table.claims td:nth-child(9) { max-width: 24rem; font-size: 0.75rem; }
table.claims td:nth-child(10) { min-width: 18rem; }
table.claims td:nth-child(4), table.claims td:nth-child(5), table.claims td:nth-child(6) { white-space: nowrap; }
"""
