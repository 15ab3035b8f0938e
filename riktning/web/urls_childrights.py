"""The child-rights lens (issue 16, item 4). Who may do what: childrights.access."""

from django.urls import path

from .views import childrights

urlpatterns = [
    path("barnrattsperspektiv/", childrights.lens_page, name="child_rights_lens"),
    path(
        "barnrattsperspektiv/indikatorer/",
        childrights.indicator_tag,
        name="child_rights_indicator_tag",
    ),
    path(
        "barnrattsperspektiv/indikatorer/<int:pk>/sluta-folja/",
        childrights.indicator_untag,
        name="child_rights_indicator_untag",
    ),
    path(
        "atgarder/<int:pk>/barnkonsekvensanalys/",
        childrights.measure_assessment,
        name="measure_assessment",
    ),
    path(
        "atgarder/<int:pk>/barnkonsekvensanalys/andra/",
        childrights.measure_assessment_edit,
        name="measure_assessment_edit",
    ),
    path(
        "handlingsplaner/<int:pk>/barnkonsekvensanalys/andra/",
        childrights.plan_assessment_edit,
        name="plan_assessment_edit",
    ),
    path(
        "remisser/<int:pk>/forslag-till-beslut/barnkonsekvensanalys/andra/",
        childrights.decision_assessment_edit,
        name="decision_assessment_edit",
    ),
]
