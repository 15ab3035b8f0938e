"""Who may see and change steering documents and versions, one rule per test."""

import pytest

from riktning.accounts.access import LoginRequired
from riktning.strategy import access
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import VersionFactory

pytestmark = pytest.mark.django_db


class Anonymous:
    is_authenticated = False


@pytest.mark.parametrize(
    "status, anonymous_sees",
    [
        (VersionStatus.ADOPTED, True),
        (VersionStatus.REPEALED, True),
        (VersionStatus.CONSULTATION, False),
        (VersionStatus.DRAFT, False),
    ],
)
def test_the_public_sees_adopted_versions_only(status, anonymous_sees, reader):
    version = VersionFactory(status=status)
    assert access.can_view_version(Anonymous(), version) is anonymous_sees
    assert access.can_view_version(reader, version) is True
    assert (version in access.visible_versions(Anonymous())) is anonymous_sees


def test_a_fetch_of_a_draft_by_an_anonymous_visitor_asks_for_a_login():
    version = VersionFactory(status=VersionStatus.DRAFT)
    with pytest.raises(LoginRequired):
        access.get_version_for_view(Anonymous(), version.pk)


def test_only_coordinators_manage_the_strategy(coordinator, social_editor, reader):
    assert access.can_manage_strategy(coordinator)
    assert not access.can_manage_strategy(social_editor)
    assert not access.can_manage_strategy(reader)
    assert not access.can_manage_strategy(Anonymous())


def test_even_a_coordinator_cannot_edit_an_adopted_version(coordinator):
    assert access.can_edit_version(coordinator, VersionFactory(status=VersionStatus.DRAFT))
    assert not access.can_edit_version(coordinator, VersionFactory(status=VersionStatus.ADOPTED))
