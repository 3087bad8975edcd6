"""axe-core in the browser tests: WCAG 2.0/2.1/2.2 A and AA rules, serious and critical findings only.

axe-core comes from the npm registry, pinned in package.json/package-lock.json and installed into
node_modules/ by `make axe` (which `make test` runs). It is injected into the page under test; it is
never served by the site. A missing axe-core fails the test (a skipped accessibility check would
pass CI silently); a missing Chromium still skips, through the `browser` fixture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA conformance = the A and AA rules of 2.0, 2.1 and 2.2 (axe has no "wcag22a" tag).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")

Violation = dict[str, Any]  # axe's result object: id, impact, help, helpUrl, nodes[{target, failureSummary}]


def axe_check(page: Any, *, context: Any = None) -> list[Violation]:
    """Run axe on the page as it is now; return the serious and critical violations.

    `context` is axe's context argument (a CSS selector, or `{"include": [...], "exclude": [...]}`);
    None checks the whole document. The page must have JavaScript enabled.
    """
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core is missing ({AXE_JS}): run `make axe` (npm ci --no-audit --no-fund) before the browser tests",
            pytrace=False,
        )
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
        # govern (a <script> tag would be refused: the pages allow no inline script).
        page.evaluate(AXE_JS.read_text() + "\n;window.axe = axe;")
    result = page.evaluate(
        """([context, tags]) => axe.run(context ?? document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        [context, WCAG_TAGS],
    )
    return [v for v in result["violations"] if v.get("impact") in BLOCKING]


def describe(violations: list[Violation]) -> str:
    """One paragraph per rule: id, impact, help text and link, then each failing node's target."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target} — {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any, *, context: Any = None, label: str = "") -> None:
    """Fail with a readable list when axe finds serious or critical WCAG 2.2 A/AA violations."""
    violations = axe_check(page, context=context)
    where = label or page.url
    assert not violations, f"axe-core: {len(violations)} serious/critical violation(s) on {where}\n" + describe(
        violations
    )
