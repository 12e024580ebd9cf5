"""A reported change is kept as the source printed it (text), not as a two-place number that
padded "-5.1" to "-5.10" and so checked it to a hundredth. A change held before this has lost
its printed places: it is carried over without trailing zeros ("-5.10" becomes "-5.1"), the
reading that checks it least strictly, so that no figure is newly flagged by the move."""

from django.db import migrations, models

import web.figure_field
from figure_text import figure_as_typed

HELP = (
    "The change the source printed beside the figure, signed, with its decimal places as "
    "printed: -5.1 for '(5.1% reduction)', -12.50 for '-12.50%'."
)
MODELS = ("measurefigure", "historicalmeasurefigure")


def carry_over(apps, schema_editor):
    for name in ("MeasureFigure", "HistoricalMeasureFigure"):
        model = apps.get_model("performance", name)
        for row in model.objects.exclude(reported_change=None).only("pk", "reported_change"):
            model.objects.filter(pk=row.pk).update(
                reported_change_printed=figure_as_typed(row.reported_change)
            )


def carry_back(apps, schema_editor):
    for name in ("MeasureFigure", "HistoricalMeasureFigure"):
        model = apps.get_model("performance", name)
        for row in model.objects.exclude(reported_change_printed=""):
            model.objects.filter(pk=row.pk).update(
                reported_change=row.reported_change_printed.replace(",", "")
            )


class Migration(migrations.Migration):
    dependencies = [("performance", "0011_figure_permissions")]

    operations = [
        *(
            migrations.AddField(
                model_name=name,
                name="reported_change_printed",
                field=models.CharField(blank=True, default="", max_length=20),
            )
            for name in MODELS
        ),
        migrations.RunPython(carry_over, carry_back),
        *(migrations.RemoveField(model_name=name, name="reported_change") for name in MODELS),
        *(
            migrations.RenameField(
                model_name=name, old_name="reported_change_printed", new_name="reported_change"
            )
            for name in MODELS
        ),
        *(
            migrations.AlterField(
                model_name=name,
                name="reported_change",
                field=models.CharField(
                    blank=True,
                    help_text=HELP,
                    max_length=20,
                    validators=[web.figure_field.PrintedFigureValidator()],
                    verbose_name="change as reported",
                ),
            )
            for name in MODELS
        ),
    ]
