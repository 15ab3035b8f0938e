from django.urls import path

from .views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("dokument/", public.document_list, name="document_list"),
    path("indikatorer/", public.indicator_list, name="indicator_list"),
]
