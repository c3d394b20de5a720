from django.apps import AppConfig


class CachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "caching"
    verbose_name = "Page caching and front-cache purging"

    def ready(self):
        from caching import invalidation

        invalidation.connect()
