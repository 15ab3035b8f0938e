"""Starts the test OpenID Connect provider: python -m tests.oidc_provider_site.serve SPEC

SPEC is a JSON object: {"client_id", "client_secret", "redirect_uri", "post_logout_redirect_uri",
"users": [{"username", "password", "email", "first_name", "last_name", "groups": [...]}]}.
Creates a fresh database (OIDC_PROVIDER_DB), an RSA signing key, the client and the users,
then serves on 127.0.0.1 on a free port and prints "PORT <n>" on standard output."""

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    spec = json.loads(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider_site.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    client = Client.objects.create(
        name="Riktning",
        client_type="confidential",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        jwt_alg="RS256",
        require_consent=False,
        _redirect_uris=spec["redirect_uri"],
        _post_logout_redirect_uris=spec.get("post_logout_redirect_uri", ""),
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    for person in spec["users"]:
        groups = person.pop("groups", [])
        password = person.pop("password")
        user = User.objects.create_user(password=password, **person)
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])

    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler
    )
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
