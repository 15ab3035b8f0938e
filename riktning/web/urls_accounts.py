from django.contrib.auth import views as auth_views
from django.urls import path

from riktning.web.views import accounts

urlpatterns = [
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tvastegsinloggning/", accounts.two_factor_setup, name="two_factor_setup"),
    path("tvastegsinloggning/kod/", accounts.two_factor_verify, name="two_factor_verify"),
]
