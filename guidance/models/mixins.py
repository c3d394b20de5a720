"""Small mixins that guidance page types are built from."""

import datetime

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class ReviewDatesMixin(models.Model):
    """When the content was last checked and when it must be checked again."""

    last_reviewed = models.DateField(default=datetime.date.today)
    next_review_due = models.DateField(
        help_text="Pages past this date appear in the 'Pages due for review' report."
    )

    review_panels = [
        MultiFieldPanel(
            [FieldPanel("last_reviewed"), FieldPanel("next_review_due")], heading="Content review"
        )
    ]

    class Meta:
        abstract = True

    @property
    def is_overdue_for_review(self) -> bool:
        return self.next_review_due < timezone.localdate()
