from django.apps import AppConfig


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import middleware, security_log

        security_log.connect()
        user_logged_in.connect(middleware.start_idle_clock, dispatch_uid="csp-idle-clock")
