"""Helpers for the browser tests: axe-core checks and small page utilities."""

from pathlib import Path

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SITE_TITLE_SUFFIX = "MARAC"


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it stands and return its violations (empty when clean)."""
    if not AXE_PATH.exists():
        raise AssertionError(
            f"{AXE_PATH} is missing: run `npm install` at the project root (make test does)."
        )
    # Let finite animations and transitions end first (Wagtail's messages fade their colours
    # in): axe measures colours as they stand, so a fade caught midway reads as low contrast.
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
            .map((a) => a.finished.catch(() => null)))"""
    )
    page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map((n) => n.target.join(" ")),
                summaries: v.nodes.map((n) => n.failureSummary || ""),
            }));
        }""",
        AXE_TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for target, summary in zip(violation["targets"], violation["summaries"], strict=True):
            detail = " ".join(summary.split())
            lines.append(f"    {target}" + (f"  [{detail}]" if detail else ""))
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    """Fail with each violation's rule, help text and the selectors of the offending elements."""
    violations = axe_violations(page)
    assert not violations, (
        f"axe-core found {len(violations)} violation(s) on {page.url}:\n"
        + format_violations(violations)
    )


def focused_element(page) -> dict:
    """What has keyboard focus now: tag, id, text and href."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el ? el.tagName.toLowerCase() : null,
                id: el ? el.id : null,
                text: el ? (el.innerText || "").trim() : "",
                href: el && el.getAttribute ? el.getAttribute("href") : null,
            };
        }"""
    )


def tab_until(page, predicate, *, max_presses: int = 60) -> dict:
    """Press Tab until the focused element satisfies `predicate`; fail if it never does."""
    seen = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        current = focused_element(page)
        if predicate(current):
            return current
        seen.append(current["text"] or current["href"] or current["tag"])
    raise AssertionError(f"Tabbed {max_presses} times without reaching the target; saw {seen}")


def guidance_page_url() -> str:
    """The path of the first guidance page in the tree (the demo content has several)."""
    from guidance.models import GuidancePage

    first = GuidancePage.objects.live().public().order_by("path").first()
    assert first is not None, "The demo content has no live guidance page"
    return first.get_url()


def referral_criteria_page():
    """The demo content's referral criteria page: the page a newcomer most often looks for."""
    from wagtail.models import Page

    return Page.objects.live().public().get(slug="referral-criteria").specific


def demo_page_paths() -> list[str]:
    """The URL path of every page `load_demo_content` publishes, worked out from its data.

    Needs no database, so tests can be parametrised with it at collection time.
    """
    from guidance.demo_content import page_tree

    paths = ["/"]

    def visit(prefix: str, specs: list[dict]) -> None:
        for spec in specs:
            path = f"{prefix}{spec['slug']}/"
            paths.append(path)
            visit(path, spec.get("children", []))

    visit("/", page_tree(retention_period="two years", idle_minutes=60))
    return paths


COORDINATOR_PASSWORD = "a-long-test-password"


def log_in(page, base_url, username="coordinator", password=COORDINATOR_PASSWORD):
    """Sign in to the admin. Straight to the login page: a navigation that arrives through a
    redirect while the harness intercepts requests is posted with 'Origin: null', which Django
    refuses."""
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(base_url + "/admin/")
