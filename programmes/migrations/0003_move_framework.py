"""Foreign keys follow the framework models to their new app (state only: the tables are renamed by framework 0002)."""

import django.db.models.deletion
from django.db import migrations, models

from atf_portal.core import squashed


class Migration(squashed.Migration):

    dependencies = [
        ('framework', '0001_move_framework'),
        ('indicators', '0005_move_framework'),
        ('programmes', '0002_action_historicalprogramme_last_update_on_and_more'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.AlterField(
            model_name='historicalprogramme_ambitions',
            name='headlineambition',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='framework.headlineambition'),
        ),
        migrations.RemoveField(
            model_name='marmotrecommendation',
            name='theme',
        ),
        migrations.DeleteModel(
            name='Principle',
        ),
        migrations.DeleteModel(
            name='SystemRecommendation',
        ),
        migrations.AlterField(
            model_name='historicalprogramme',
            name='theme',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='framework.theme'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='theme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='programmes', to='framework.theme'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='ambitions',
            field=models.ManyToManyField(blank=True, related_name='programmes', to='framework.headlineambition', verbose_name='headline ambitions'),
        ),
        migrations.DeleteModel(
            name='HeadlineAmbition',
        ),
        migrations.DeleteModel(
            name='MarmotRecommendation',
        ),
        migrations.DeleteModel(
            name='Theme',
        ),
    ])]
