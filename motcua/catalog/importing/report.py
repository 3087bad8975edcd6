"""What an import did: counts, every rejected line or row with its reason, and warnings by kind."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rejection:
    """A line (JSONL), row (XLSX sheet) or entry (JSON list) that was not imported, and why."""

    line: int | None
    column: str
    message: str
    code: str = ""
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet} row {self.line}" if self.sheet else f"line {self.line}"
        code = f" [{self.code}]" if self.code else ""
        column = f" {self.column}:" if self.column else ""
        return f"{where}{code}{column} {self.message}"


@dataclass(frozen=True)
class Notice:
    """Kept, but an administrator should look: e.g. no processing time, a fee that needs review."""

    line: int | None
    code: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line} [{self.code}] {self.kind}: {self.message}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def kept(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def rejected_codes(self) -> int:
        """Rejected procedures (one procedure may have several rejected rows)."""
        return len({(r.code or f"#{r.sheet}{r.line}") for r in self.rejections})

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def warnings_by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(w.kind for w in self.warnings).items()))

    def as_text(self, *, all_warnings: bool = False) -> str:
        lines = [
            f"Kept: {self.kept} (created {self.created}, updated {self.updated}, unchanged {self.unchanged})",
            f"Rejected: {len(self.rejections)} row(s)",
            *(f"  {rejection}" for rejection in self.rejections),
            f"Warnings: {len(self.warnings)}",
            *(f"  {kind}: {number}" for kind, number in self.warnings_by_kind().items()),
        ]
        if all_warnings:
            lines += [f"  {warning}" for warning in self.warnings]
        lines.append(f"Time: {self.seconds:.1f} s")
        return "\n".join(lines)
