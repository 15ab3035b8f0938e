"""The annual cycle (årshjul): the cycles, the meetings, the calendar feeds."""

from django.urls import path

from .views import cycle

urlpatterns = [
    path("arshjul/", cycle.cycle_list, name="cycle_list"),
    path("arshjul/<int:pk>/", cycle.cycle_detail, name="cycle_detail"),
    path("arshjul/moten/", cycle.meeting_list, name="cycle_meetings"),
    path("arshjul/mallar/<int:pk>/andra/", cycle.template_edit, name="cycle_template_edit"),
    path("arshjul/kalender/", cycle.feeds, name="cycle_feeds"),
    path(
        "arshjul/kalender/organisationer/<int:pk>/",
        cycle.organisation_feed_renew,
        name="cycle_organisation_feed",
    ),
    path("kalender/<str:token>.ics", cycle.feed, name="cycle_feed"),
]
