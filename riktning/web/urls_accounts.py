from django.urls import path

from riktning.web.views import accounts, notifications, sso

urlpatterns = [
    path("logga-in/", sso.LoginView.as_view(), name="login"),
    path("logga-ut/", sso.LogoutView.as_view(), name="logout"),
    path("tvastegsinloggning/", accounts.two_factor_setup, name="two_factor_setup"),
    path("tvastegsinloggning/kod/", accounts.two_factor_verify, name="two_factor_verify"),
    # Per kind of notification: at once, daily digest or off (riktning/notifications).
    path("aviseringar/", notifications.notification_settings, name="notification_settings"),
    # Single sign-on (OpenID Connect, riktning/accounts/sso.py): 404 when not configured.
    path("sso/", sso.SsoStartView.as_view(), name="oidc_start"),
    path("sso/tillbaka/", sso.SsoCallbackView.as_view(), name="oidc_callback"),
]
