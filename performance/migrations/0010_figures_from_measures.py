"""Each measure's baseline, target and actual become the first rows of its series, with
their periods read as dates (the partnership's year start deciding "2010/11"). The three
pairs on the measure stay, as the series' headline."""

from django.db import migrations

from periods import parse_period

PAIRS = (
    ("baseline", "baseline_value", "baseline_period"),
    ("target", "target_value", "target_period"),
    ("actual", "actual_value", "actual_period"),
)


def figures_from_measures(apps, schema_editor):
    Measure = apps.get_model("performance", "Measure")
    MeasureFigure = apps.get_model("performance", "MeasureFigure")
    rows = []
    for measure in Measure.objects.select_related("plan__partnership"):
        year_start = measure.plan.partnership.year_start_month
        for what, value_field, period_field in PAIRS:
            value, label = getattr(measure, value_field), getattr(measure, period_field)
            if value is None and not label:
                continue
            period = parse_period(label, year_start)
            rows.append(
                MeasureFigure(
                    measure=measure,
                    what=what,
                    period_label=label,
                    period_start=period.start if period else None,
                    period_end=period.end if period else None,
                    period_kind=period.kind.value if period else "",
                    value=value,
                    source=measure.source,
                )
            )
    MeasureFigure.objects.bulk_create(rows)


def measures_from_figures(apps, schema_editor):
    """Going back drops the series; the headline on each measure is kept as it stands."""
    apps.get_model("performance", "MeasureFigure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0009_measure_figures"),
        ("actionplan", "0010_partnership_year_start"),
    ]

    operations = [migrations.RunPython(figures_from_measures, measures_from_figures)]
