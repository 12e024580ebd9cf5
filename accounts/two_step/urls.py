from django.urls import path

from . import views

app_name = "two_step"

urlpatterns = [
    path("", views.account, name="account"),
    path("verify/", views.verify, name="verify"),
    path("set-up/", views.set_up, name="set-up"),
    path("set-up/qr-code.svg", views.qr_code, name="qr-code"),
    path("backup-codes/", views.backup_codes, name="backup-codes"),
    path("backup-codes/new/", views.backup_codes_new, name="new-backup-codes"),
    path("turn-off/", views.turn_off, name="turn-off"),
]
