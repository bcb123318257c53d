"""Errors about the input, phrased so a person can act on them in one line."""

from __future__ import annotations


class InputError(Exception):
    """A problem with a source document: names the file, table, line and value."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        table: str | None = None,
        line: int | None = None,
        value: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.table = table
        self.line = line
        self.value = value

    def located(self, *, file: str | None = None, table: str | None = None) -> "InputError":
        """Given the context a caller knows, return this error with the gaps filled (this one as its cause)."""
        located = InputError(
            self.message,
            file=self.file or file,
            table=self.table or table,
            line=self.line,
            value=self.value,
        )
        located.__cause__ = self
        return located

    def __str__(self) -> str:
        where = [part for part in (self.file, self.table) if part]
        if self.line is not None:
            where.append(f"line {self.line}")
        prefix = ": ".join(where)
        value = f" (value {self.value!r})" if self.value is not None else ""
        return f"{prefix}: {self.message}{value}" if prefix else f"{self.message}{value}"


def unexpected(error: Exception, *, file: str | None = None, table: str | None = None) -> InputError:
    """Given an exception no input check anticipated, return an InputError that says so, with it as the cause.

    The document is still skipped like any damaged one, so one odd input
    cannot stop a corpus run; ``--debug`` prints the cause's traceback.
    """
    wrapped = InputError(
        f"unexpected {type(error).__name__} ({error}); a bug in the pipeline or a spec, please report it "
        "(--debug shows the traceback)",
        file=file,
        table=table,
    )
    wrapped.__cause__ = error
    return wrapped


class SpecError(Exception):
    """A table spec that does not fit its input: a repair that matches nothing, an unknown path."""


class UsageError(Exception):
    """A problem with how the run was asked for or where it runs (a folder that is a file, an output folder in use): exit status 2."""
