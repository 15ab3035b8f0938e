"""riktning cycle <document id> <year> --by USERNAME"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from riktning.cycle import access, services
from riktning.strategy.models import SteeringDocument


class Command(BaseCommand):
    help = (
        "Make a steering document's annual cycle for a year from its template, dated from that "
        "year's meetings."
    )

    def add_arguments(self, parser):
        parser.add_argument("document", type=int, help="the steering document's id")
        parser.add_argument("year", type=int, help="the year of the cycle")
        parser.add_argument("--by", required=True, help="the coordinator's username")

    def handle(self, *args, document, year, by, **options):
        found = SteeringDocument.objects.filter(pk=document).first()
        if found is None:
            raise CommandError(_("There is no steering document %(id)s.") % {"id": document})
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": by})
        if not access.can_manage_cycle(user):
            raise CommandError(_("Only a coordinator may make an annual cycle."))
        try:
            cycle = services.create_cycle(found, year, by=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            _("Made the annual cycle %(year)s of “%(document)s” (%(id)s).")
            % {"year": year, "document": found, "id": cycle.pk}
        )
        for step in cycle.steps.select_related("responsible", "meeting__body"):
            self.stdout.write(f"  {step.due.isoformat()}  {step.title} – {step.responsible}")
