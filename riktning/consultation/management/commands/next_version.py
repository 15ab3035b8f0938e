"""riktning next_version <round id>|latest --title T --by USERNAME [--partly]"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from riktning.consultation import access
from riktning.consultation.models import Round
from riktning.consultation.nextversion import create_next_version, outcome_message


class Command(BaseCommand):
    help = (
        "Create the next version from a consultation round, with the text proposals taken in "
        "applied; lists those that could not be applied."
    )

    def add_arguments(self, parser):
        parser.add_argument("round", help="the round's id, or 'latest'")
        parser.add_argument("--title", required=True, help="the new version's title")
        parser.add_argument("--by", required=True, help="the coordinator's username")
        parser.add_argument(
            "--partly", action="store_true", help="also apply proposals partly taken in"
        )

    def handle(self, *args, round, title, by, partly, **options):
        found = (
            Round.objects.order_by("-created_at", "-id").first()
            if round == "latest"
            else Round.objects.filter(pk=int(round) if round.isdigit() else None).first()
        )
        if found is None:
            raise CommandError(_("There is no consultation round “%(ref)s”.") % {"ref": round})
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": by})
        if not access.can_run_rounds(user):
            raise CommandError(_("Only a coordinator may create the next version from a round."))
        try:
            record = create_next_version(found, by=user, title=title, include_partly=partly)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            _("Created “%(title)s” (version %(id)s).")
            % {"title": record.version.title, "id": record.version_id}
        )
        for outcome in record.outcomes.select_related("comment__statement__organisation"):
            comment = outcome.comment
            if not outcome.applied:
                status = outcome_message(outcome)
            elif outcome.field:
                status = _("applied to %(field)s") % {"field": outcome.field}
            else:
                status = comment.get_proposal_kind_display()
            what = f"”{comment.replace_text[:60]}”" if comment.replace_text else ""
            what = what or comment.proposal_words()[:80]
            self.stdout.write(
                f"  {comment.statement.organisation} #{comment.pk}: {status} – {what}"
            )
