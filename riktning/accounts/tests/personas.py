"""The personas every test speaks of, with one set of names: the anonymous visitor, a reader at
the municipality, an editor at Socialförvaltningen, an editor at Bildningsförvaltningen and the
coordinator. conftest.py has a fixture of each name (and `personas`, name → logged-in client),
and tests/test_url_access.py uses the same names for the demo's people.

A table of who gets what is written one row per case with `gets(...)`, in the order of PERSONAS:

    PAGES = [("action_plan_list", gets(200, 200, 200, 200, 200)), ...]
"""

PERSONAS = ("anonymous", "reader", "social_editor", "bildning_editor", "coordinator")
MEMBERS = PERSONAS[1:]  # everyone with a membership


def gets(anonymous, reader, social_editor, bildning_editor, coordinator) -> dict:
    """What each persona gets, keyed by the persona's name."""
    return dict(
        zip(
            PERSONAS,
            (anonymous, reader, social_editor, bildning_editor, coordinator),
            strict=True,
        )
    )
