"""The claims the test provider gives: the standard ones from the user, and a "riktning" scope
with "department" (from a group named org:NAME) and "roles" (groups named role:NAME), the way
Entra ID or Keycloak are set up to send a department and app roles."""

from django.utils.translation import gettext_lazy as _
from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims["name"] = user.get_full_name()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["preferred_username"] = user.username
    return claims


class RiktningScopeClaims(ScopeClaims):
    info_riktning = (_("Riktning"), _("Department and roles."))

    def scope_riktning(self):
        names = list(self.user.groups.values_list("name", flat=True))
        claims = {"roles": [n[5:] for n in names if n.startswith("role:")]}
        departments = [n[4:] for n in names if n.startswith("org:")]
        if departments:
            claims["department"] = departments[0]
        return claims
