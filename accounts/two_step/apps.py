from django.apps import AppConfig


class TwoStepConfig(AppConfig):
    name = "accounts.two_step"
    label = "two_step"
    verbose_name = "Two-step sign-in"

    def ready(self):
        from django.contrib import admin
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # django-otp's own admins show each user's secret and QR code: whoever reads them
        # could sign in as that user. Devices are set up by their owner only; an
        # administrator resets them from the user's page (actionplan.admin_users).
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
