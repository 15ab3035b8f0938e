"""riktning reset_2fa USER: remove a person's authenticator app (they lost their phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riktning.accounts import twofactor


class Command(BaseCommand):
    help = (
        "Remove a person's two-factor authenticator app, so that their next login asks them to "
        "set up a new one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the person's user name")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": username})
        removed = twofactor.reset(user)
        self.stdout.write(
            ngettext(
                "Removed %(n)s authenticator app of %(name)s; the next login asks for a new one.",
                "Removed %(n)s authenticator apps of %(name)s; the next login asks for a new one.",
                removed,
            )
            % {"n": removed, "name": username}
        )
