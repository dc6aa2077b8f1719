"""Foreign keys follow the framework models to their new app (state only)."""

import django.db.models.deletion
from django.db import migrations, models

from atf_portal.core import squashed


class Migration(squashed.Migration):

    dependencies = [
        ('framework', '0001_move_framework'),
        ('indicators', '0004_alter_upload_options_alter_upload_sha256'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.AlterField(
            model_name='historicalindicator',
            name='theme',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Blank for life expectancy and healthy life expectancy, which stand above the themes.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='framework.theme'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='theme',
            field=models.ForeignKey(blank=True, help_text='Blank for life expectancy and healthy life expectancy, which stand above the themes.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='indicators', to='framework.theme'),
        ),
    ])]
