"""The report's building blocks: HTML helpers and figures a spec's figures module draws with, and the page's sections."""
