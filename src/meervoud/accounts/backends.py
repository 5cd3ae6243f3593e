from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes counts failures per username and address of a web request.

    Without a request (the test client's login(), a shell, a management command) there is no
    address to count by and no one to throttle, so this backend steps aside instead of refusing
    as axes' own backend does; the password is still checked by the model backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
