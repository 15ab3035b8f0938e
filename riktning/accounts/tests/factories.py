import factory

from riktning.accounts.constants import OrganisationKind, Role
from riktning.accounts.models import Membership, Organisation, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Nämnd {n}")
    kind = OrganisationKind.COMMITTEE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    password = factory.django.Password("losenord-123")


def person(username: str, organisation: Organisation, role: str) -> User:
    user = UserFactory(username=username)
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


__all__ = ["OrganisationFactory", "UserFactory", "person", "Role"]
