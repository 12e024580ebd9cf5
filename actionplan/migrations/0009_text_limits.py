from django.db import migrations, models


class Migration(migrations.Migration):
    """Limits on typed text (web/text_limits.py). A text column stays a text column: the
    limit is checked by the application, so the database has nothing to change."""

    dependencies = [
        ("actionplan", "0008_narrative_figure_rules_in_clean"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="action",
                    name="description",
                    field=models.TextField(max_length=1000),
                ),
                migrations.AlterField(
                    model_name="action",
                    name="progress_note",
                    field=models.TextField(
                        blank=True,
                        help_text="The latest progress, in plain words.",
                        max_length=5000,
                    ),
                ),
                migrations.AlterField(
                    model_name="actionupdate",
                    name="note",
                    field=models.TextField(
                        help_text="What has been done since the last report.",
                        max_length=5000,
                        verbose_name="progress",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalaction",
                    name="description",
                    field=models.TextField(max_length=1000),
                ),
                migrations.AlterField(
                    model_name="historicalaction",
                    name="progress_note",
                    field=models.TextField(
                        blank=True,
                        help_text="The latest progress, in plain words.",
                        max_length=5000,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaloutcome",
                    name="text",
                    field=models.TextField(max_length=500),
                ),
                migrations.AlterField(
                    model_name="historicalpartnership",
                    name="alternative_formats_notice",
                    field=models.TextField(
                        blank=True,
                        help_text="The notice offering the plan in other formats (Braille, large print...).",
                        max_length=1000,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalplan",
                    name="action_plan_intro",
                    field=models.TextField(
                        blank=True, max_length=15000, verbose_name="action plan: introduction"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalplan",
                    name="approval_note",
                    field=models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Why the plan was approved while figures were still missing.",
                        max_length=2000,
                        verbose_name="reason for approving with gaps",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalplan",
                    name="introduction",
                    field=models.TextField(blank=True, max_length=15000),
                ),
                migrations.AlterField(
                    model_name="historicalplan",
                    name="key_successes_text",
                    field=models.TextField(
                        blank=True,
                        help_text="The text above the key successes table.",
                        max_length=15000,
                        verbose_name="key successes",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalplan",
                    name="police_targets_intro",
                    field=models.TextField(
                        blank=True, max_length=15000, verbose_name="police targets: introduction"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalplan",
                    name="priority_issues_text",
                    field=models.TextField(
                        blank=True, max_length=15000, verbose_name="priority issues"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalplan",
                    name="return_to_draft_reason",
                    field=models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Why an approved or published plan was last sent back to draft.",
                        max_length=2000,
                        verbose_name="reason for sending the plan back to draft",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalplan",
                    name="review_intro",
                    field=models.TextField(
                        blank=True,
                        max_length=15000,
                        verbose_name="review of projects and initiatives: introduction",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalpriority",
                    name="activities_intro",
                    field=models.TextField(
                        blank=True,
                        help_text="Text printed above the list of activities.",
                        max_length=4000,
                        verbose_name="activities: introduction",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalpriority",
                    name="overview",
                    field=models.TextField(blank=True, max_length=4000),
                ),
                migrations.AlterField(
                    model_name="historicalreviewsection",
                    name="body",
                    field=models.TextField(
                        blank=True,
                        help_text="Plain paragraphs separated by a blank line. Write a missing figure as [[label]], naming a narrative figure of this plan.",
                        max_length=6000,
                    ),
                ),
                migrations.AlterField(
                    model_name="outcome",
                    name="text",
                    field=models.TextField(max_length=500),
                ),
                migrations.AlterField(
                    model_name="partnership",
                    name="alternative_formats_notice",
                    field=models.TextField(
                        blank=True,
                        help_text="The notice offering the plan in other formats (Braille, large print...).",
                        max_length=1000,
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="action_plan_intro",
                    field=models.TextField(
                        blank=True, max_length=15000, verbose_name="action plan: introduction"
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="approval_note",
                    field=models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Why the plan was approved while figures were still missing.",
                        max_length=2000,
                        verbose_name="reason for approving with gaps",
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="introduction",
                    field=models.TextField(blank=True, max_length=15000),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="key_successes_text",
                    field=models.TextField(
                        blank=True,
                        help_text="The text above the key successes table.",
                        max_length=15000,
                        verbose_name="key successes",
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="police_targets_intro",
                    field=models.TextField(
                        blank=True, max_length=15000, verbose_name="police targets: introduction"
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="priority_issues_text",
                    field=models.TextField(
                        blank=True, max_length=15000, verbose_name="priority issues"
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="return_to_draft_reason",
                    field=models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Why an approved or published plan was last sent back to draft.",
                        max_length=2000,
                        verbose_name="reason for sending the plan back to draft",
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="review_intro",
                    field=models.TextField(
                        blank=True,
                        max_length=15000,
                        verbose_name="review of projects and initiatives: introduction",
                    ),
                ),
                migrations.AlterField(
                    model_name="priority",
                    name="activities_intro",
                    field=models.TextField(
                        blank=True,
                        help_text="Text printed above the list of activities.",
                        max_length=4000,
                        verbose_name="activities: introduction",
                    ),
                ),
                migrations.AlterField(
                    model_name="priority",
                    name="overview",
                    field=models.TextField(blank=True, max_length=4000),
                ),
                migrations.AlterField(
                    model_name="reviewsection",
                    name="body",
                    field=models.TextField(
                        blank=True,
                        help_text="Plain paragraphs separated by a blank line. Write a missing figure as [[label]], naming a narrative figure of this plan.",
                        max_length=6000,
                    ),
                ),
            ]
        )
    ]
