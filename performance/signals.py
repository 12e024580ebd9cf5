"""Stored standings emptied by every save that can change them (see performance.standings).

The one writer's measure writes empty them in the same UPDATE (`write_if_current`); these
cover the rest: figures saved or deleted one by one (the admin's inline, the writer's series
rows, tests), a measure saved directly, and a partnership whose year start moves every
quarter. Raw saves (loading a fixture) are skipped: what they load holds no stored standing.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from actionplan.models import Partnership

from .models import Measure, MeasureFigure


@receiver(post_save, sender=MeasureFigure, dispatch_uid="standing_on_figure_save")
@receiver(post_delete, sender=MeasureFigure, dispatch_uid="standing_on_figure_delete")
def figure_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        Measure.objects.filter(pk=instance.measure_id).standings_outdated()


@receiver(post_save, sender=Measure, dispatch_uid="standing_on_measure_save")
def measure_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        Measure.objects.filter(pk=instance.pk).standings_outdated()


@receiver(post_save, sender=Partnership, dispatch_uid="standing_on_partnership_save")
def partnership_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        Measure.objects.filter(plan__partnership=instance).standings_outdated()
