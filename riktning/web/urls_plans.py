"""Mapping rounds, activities and action plans (issue 5). Who may do what: activities.access and
actionplans.access."""

from django.urls import path

from .views import actionplans, activities, duplicates

urlpatterns = [
    path("kartlaggningar/", activities.round_list, name="mapping_round_list"),
    path("kartlaggningar/<int:pk>/", activities.round_detail, name="mapping_round_detail"),
    path(
        "versioner/<int:version_pk>/kartlaggning/ny/",
        activities.round_create,
        name="mapping_round_create",
    ),
    path("kartlaggningar/<int:pk>/paminn/", activities.round_remind, name="mapping_round_remind"),
    path("kartlaggningar/<int:pk>/stang/", activities.round_close, name="mapping_round_close"),
    path(
        "kartlaggningar/<int:pk>/rapportera/",
        activities.activity_create,
        name="activity_create",
    ),
    path(
        "kartlaggningar/<int:pk>/lankar/ny/", activities.link_create, name="reporting_link_create"
    ),
    path(
        "kartlaggningar/lankar/<int:link_pk>/aterkalla/",
        activities.link_revoke,
        name="reporting_link_revoke",
    ),
    path(
        "kartlaggningar/<int:pk>/lanka/<int:activity_pk>/",
        activities.activity_link,
        name="activity_link",
    ),
    path("dubbletter/", duplicates.duplicate_list, name="duplicate_list"),
    path(
        "dubbletter/<str:kind>/<int:first_pk>/<int:second_pk>/sla-ihop/",
        duplicates.duplicate_merge,
        name="duplicate_merge",
    ),
    path(
        "dubbletter/<str:kind>/<int:first_pk>/<int:second_pk>/inte-dubblett/",
        duplicates.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
    path("dubbletter/beslut/<int:pk>/angra/", duplicates.duplicate_undo, name="duplicate_undo"),
    path("rapportera/<str:token>/", activities.report_by_link, name="report_by_link"),
    path("aktiviteter/", activities.activity_register, name="activity_register"),
    path("aktiviteter/export.<str:fmt>", activities.activity_export, name="activity_export"),
    path("aktiviteter/tackning/", activities.coverage, name="activity_coverage"),
    path("versioner/<int:version_pk>/analys/", activities.gap_view, name="gap_view"),
    path("mal/<int:goal_pk>/slutsats/", activities.conclusion_create, name="conclusion_create"),
    path("aktiviteter/<int:pk>/andra/", activities.activity_edit, name="activity_edit"),
    path("handlingsplaner/", actionplans.plan_list, name="action_plan_list"),
    path("handlingsplaner/<int:pk>/", actionplans.plan_detail, name="action_plan_detail"),
    path(
        "versioner/<int:version_pk>/handlingsplan/ny/",
        actionplans.plan_create,
        name="action_plan_create",
    ),
    path(
        "handlingsplaner/<int:pk>/fora-over/",
        actionplans.plan_carry_over,
        name="action_plan_carry_over",
    ),
    path(
        "handlingsplaner/<int:pk>/tidslinje/",
        actionplans.plan_timeline,
        name="action_plan_timeline",
    ),
    path("handlingsplaner/<int:pk>/anta/", actionplans.plan_adopt, name="action_plan_adopt"),
    path("handlingsplaner/<int:pk>/atgard/ny/", actionplans.measure_create, name="measure_create"),
    path(
        "handlingsplaner/<int:pk>/handlingsplan.<str:fmt>",
        actionplans.plan_export,
        name="action_plan_export",
    ),
    path(
        "handlingsplaner/<int:pk>/fora-in/<int:measure_pk>/",
        actionplans.measure_carry,
        name="measure_carry",
    ),
    path("atgarder/<int:pk>/andra/", actionplans.measure_edit, name="measure_edit"),
    path("atgarder/<int:pk>/status/", actionplans.measure_status, name="measure_status"),
]
