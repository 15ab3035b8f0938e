"""`riktning seed_demo`: load the Trelleborg demo data (idempotent), nothing else."""

from django.core.management.base import BaseCommand

from riktning.devtools.demo import seed_demo


class Command(BaseCommand):
    help = "Load the Trelleborg demo data; run again, it adds only what is missing."

    def handle(self, *args, **options):
        seed_demo(stdout=self.stdout)
