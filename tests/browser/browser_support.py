"""Helpers the browser tests share: logging in through the real form, and what a test prints
when axe-core finds violations (each rule, its impact and help, and every element it found, so
a failure says what to fix and where)."""

DEMO_PASSWORD = "riktning-demo"


def log_in(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form, as a person would."""
    page.goto(f"{base_url}/konto/logga-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    assert "/konto/logga-in/" not in page.url, f"login as {username} failed: still on {page.url}"


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
    return "\n".join(lines)
