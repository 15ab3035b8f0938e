"""The reading pages (public where the content is adopted; drafts need a login)."""

from django.urls import path

from .views import gender, public, theme

urlpatterns = [
    path("", public.home, name="home"),
    path("tema.css", theme.theme_css, name="theme_css"),
    path("dokument/", public.document_list, name="document_list"),
    path("dokument/<int:pk>/", public.document_detail, name="document_detail"),
    path("versioner/<int:pk>/", public.version_detail, name="version_detail"),
    path("versioner/<int:pk>/overforing/", public.carryover, name="carryover"),
    path("omraden/<int:pk>/", public.area_detail, name="area_detail"),
    path("mal/<int:pk>/", public.goal_detail, name="goal_detail"),
    path("indikatorer/", public.indicator_list, name="indicator_list"),
    path("indikatorer/<int:pk>/", public.indicator_detail, name="indicator_detail"),
    path("indikatorer/<int:pk>/data.csv", public.indicator_data_csv, name="indicator_data_csv"),
    path("jamstalldhet/", gender.equality_page, name="equality"),
    path("organisationer/", public.organisation_list, name="organisation_list"),
]
