"""docs/operations.md and the other docs name only commands and variables that exist."""

import re
from pathlib import Path

from django.core.management import get_commands

DOCS = Path(__file__).resolve().parents[3] / "docs"
# `riktning help` is the console script's own list of commands, not a command module.
BUILT_IN = {"help"}


def code_in(text: str) -> str:
    """The text of the fenced code blocks and `inline code` of a Markdown file."""
    blocks = re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return "\n".join(blocks + inline)


def test_every_riktning_command_in_the_docs_exists():
    commands = set(get_commands()) | BUILT_IN
    named = {}
    for path in sorted(DOCS.glob("*.md")):
        code = code_in(path.read_text())
        # `riktning` where a command starts: a line's start, after bin/, `;`, `&&` or `|`.
        for command in re.findall(
            r"(?:^\s*(?:\$ )?|bin/|; |&& |\| )riktning ([a-z][a-z0-9_]*)", code, flags=re.M
        ):
            named.setdefault(command, path.name)
    assert {"backup", "restore", "migrate", "collectstatic", "reset_2fa"} <= set(named)
    unknown = {name: doc for name, doc in named.items() if name not in commands}
    assert not unknown, f"the docs name commands that do not exist: {unknown}"


def test_every_variable_the_operations_and_security_docs_name_is_in_configuration_md():
    documented = (DOCS / "configuration.md").read_text()
    for name in ("operations.md", "security.md"):
        text = (DOCS / name).read_text()
        variables = set(re.findall(r"\b((?:RIKTNING|DATABASE)_[A-Z0-9_]+)", text))
        variables = {v.removesuffix("_FILE") for v in variables}
        missing = sorted(v for v in variables if f"`{v}`" not in documented)
        assert not missing, f"{name} names variables configuration.md does not describe: {missing}"
