"""A round on a version out for consultation, with Socialförvaltningen and
Bildningsförvaltningen (the personas' organisations) as recipients."""

import datetime

from riktning.consultation import services
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import AreaFactory, GoalFactory, VersionFactory

REPLY_BY = datetime.date(2023, 12, 1)


def consultation_version():
    version = VersionFactory(status=VersionStatus.DRAFT)
    area = AreaFactory(version=version, title="Boende och närmiljö")
    GoalFactory(area=area, title="Tryggt boende")
    version.status = VersionStatus.CONSULTATION
    version.save()
    return version


def make_round(coordinator, organisations, version=None, reply_by=REPLY_BY):
    version = version or consultation_version()
    return services.open_round(
        version,
        by=coordinator,
        title="Remiss: strategi för social hållbarhet",
        cover_letter="Svar önskas senast den 1 december 2023.",
        contact_email="hallbar.utveckling@trelleborg.se",
        reply_by=reply_by,
        organisations=organisations,
    )


def unchecked_comment(statement, *, anchor, text, replace_text, replacement=""):
    """A comment whose quote is not checked against the part, as comments written before quotes
    were checked (consultation/quotes.py) may be: for the next version's "not found" and "occurs
    more than once" outcomes."""
    from riktning.consultation import quotes
    from riktning.consultation.models import Comment

    return Comment.objects.create(
        statement=statement,
        order=statement.comments.count() + 1,
        text=text,
        replace_text=replace_text,
        replacement=replacement,
        **{quotes.part_kind(anchor): anchor},
    )
