"""The follow-up overview of a version: areas → goals → indicators with their statuses.
Public for adopted (and repealed) versions; drafts need a login, as the version page."""

from django.shortcuts import render

from riktning.accounts import access
from riktning.followup.rollup import version_followup


def overview(request, pk):
    version = access.get_version_for_view(request.user, pk)
    followup = version_followup(version)
    context = {"nav": "documents", "version": version, "followup": followup}
    return render(request, "web/followup/overview.html", context)
