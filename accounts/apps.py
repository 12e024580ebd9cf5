from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in, sessions and the security log: the same for every user of every app."""

    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import after_response, security_log, sessions, signin

        security_log.connect()
        signin.connect()
        after_response.connect()
        user_logged_in.connect(sessions.start_clocks, dispatch_uid="csp-idle-clock")
