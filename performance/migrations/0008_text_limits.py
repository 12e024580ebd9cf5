from django.db import migrations, models


class Migration(migrations.Migration):
    """Limits on typed text (web/text_limits.py). A text column stays a text column: the
    limit is checked by the application, so the database has nothing to change."""

    dependencies = [
        ("performance", "0007_partnership_roles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalmeasure",
                    name="label",
                    field=models.TextField(
                        help_text="The measure or target as the plan words it.", max_length=1000
                    ),
                ),
                migrations.AlterField(
                    model_name="measure",
                    name="label",
                    field=models.TextField(
                        help_text="The measure or target as the plan words it.", max_length=1000
                    ),
                ),
                migrations.AlterField(
                    model_name="measureupdate",
                    name="note",
                    field=models.TextField(blank=True, max_length=5000, verbose_name="progress"),
                ),
                migrations.AlterField(
                    model_name="measureupdate",
                    name="review_note",
                    field=models.TextField(
                        blank=True,
                        help_text="Why a figure was returned.",
                        max_length=2000,
                        verbose_name="reason for returning the figure",
                    ),
                ),
            ]
        )
    ]
