"""Factories for the deep graph document → version → area → goal → indicator link."""

import factory

from riktning.accounts.tests.factories import OrganisationFactory
from riktning.indicators.constants import Direction, SourceKind
from riktning.indicators.models import Indicator
from riktning.strategy.constants import DocumentKind, IndicatorRole, VersionStatus
from riktning.strategy.models import (
    DevelopmentArea,
    Goal,
    GoalIndicator,
    Section,
    SteeringDocument,
    Version,
)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringDocument

    title = factory.Sequence(lambda n: f"Strategi {n}")
    kind = DocumentKind.STRATEGY
    owner = factory.SubFactory(OrganisationFactory, name="Kommunfullmäktige")
    valid_from = 2021
    valid_to = 2030


class VersionFactory(factory.django.DjangoModelFactory):
    """A version in any status. Content is added while it is a draft, then the status is set
    directly (tests of transitions use services.change_version_status)."""

    class Meta:
        model = Version

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"{o.document.title} v{o.number}")
    status = VersionStatus.DRAFT


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentArea

    version = factory.SubFactory(VersionFactory)
    title = factory.Sequence(lambda n: f"Område {n}")
    description = "Beskrivning av området."


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    area = factory.SubFactory(AreaFactory)
    title = factory.Sequence(lambda n: f"Mål {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    title = factory.Sequence(lambda n: f"Indikator {n}")
    definition = "Andel (%) enligt källan."
    source_kind = SourceKind.LOCAL
    direction = Direction.INCREASE


class GoalIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalIndicator

    goal = factory.SubFactory(GoalFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    role = IndicatorRole.PRIMARY


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    version = factory.SubFactory(VersionFactory)
    heading = factory.Sequence(lambda n: f"Avsnitt {n}")
    body = "Första stycket.\n\nAndra stycket."


def strategy_with_content(status: str = VersionStatus.ADOPTED, title: str = "Strategi för test"):
    """A document with one version holding one area, goal, indicator link and section,
    then put in `status`. Returns the version."""
    version = VersionFactory(document=DocumentFactory(title=title), title=f"{title} 2021–2030")
    area = AreaFactory(version=version, title="Föräldrastöd")
    goal = GoalFactory(area=area, title="Alla föräldrar erbjuds stöd")
    GoalIndicatorFactory(goal=goal, indicator=IndicatorFactory(title="Antal föräldrar i program"))
    SectionFactory(version=version, heading="Långsiktighet i fokus", area=None)
    if status != VersionStatus.DRAFT:
        Version.objects.filter(pk=version.pk).update(status=status)
        version.refresh_from_db()
    return version
