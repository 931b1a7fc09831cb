from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fonds.notifications"
    label = "notifications"
    verbose_name = "Notifications"
