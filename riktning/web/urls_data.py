"""Indicator values given by people: spreadsheet upload (with its templates) and manual entry.
Coordinators for every indicator, editors for their own organisation's
(indicators.access.can_enter_data)."""

from django.urls import path

from .views import data_entry

urlpatterns = [
    path("indikatorer/<int:pk>/ladda-upp/", data_entry.upload_values, name="data_upload"),
    path(
        "indikatorer/<int:pk>/ladda-upp/bekrafta/",
        data_entry.confirm_upload,
        name="data_upload_confirm",
    ),
    path("indikatorer/<int:pk>/mall.csv", data_entry.template_csv, name="data_template_csv"),
    path("indikatorer/<int:pk>/mall.xlsx", data_entry.template_xlsx, name="data_template_xlsx"),
    path("indikatorer/<int:pk>/registrera/", data_entry.enter_values, name="data_manual"),
]
