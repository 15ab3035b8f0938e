from django.contrib.auth.views import redirect_to_login

from riktning.accounts.access import LoginRequired


class LoginRequiredMiddleware:
    """Turns access.LoginRequired into a redirect to the login page (with ?next=)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginRequired):
            return redirect_to_login(request.get_full_path())
        return None
