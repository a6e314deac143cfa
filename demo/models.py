from django.db import models


class DemoSeed(models.Model):
    """Which version of the demo data this database holds, so `make run` re-seeds only when
    the demo data changed."""

    version = models.CharField(max_length=40)
    seeded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.version
