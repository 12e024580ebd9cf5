from django.db import migrations, models


class Migration(migrations.Migration):
    """Limits on typed text (web/text_limits.py). A text column stays a text column: the
    limit is checked by the application, so the database has nothing to change."""

    dependencies = [
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalorganisation",
                    name="address",
                    field=models.TextField(
                        blank=True,
                        help_text="Postal address, one line per line of the envelope.",
                        max_length=300,
                    ),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="address",
                    field=models.TextField(
                        blank=True,
                        help_text="Postal address, one line per line of the envelope.",
                        max_length=300,
                    ),
                ),
            ]
        )
    ]
