"""The framework models move here from `programmes`. Their tables stay where they are for now (state only);
0002 renames them once every foreign key points here, so existing databases keep every row."""

import django.db.models.deletion
from django.db import migrations, models

from atf_portal.core import squashed


class Migration(squashed.Migration):

    initial = True

    dependencies = [
        ('programmes', '0002_action_historicalprogramme_last_update_on_and_more'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='HeadlineAmbition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(unique=True)),
                ('title', models.CharField(max_length=100, unique=True)),
                ('statements', models.TextField(blank=True, help_text="The ambition's statements, one per line.")),
            ],
            options={'db_table': 'programmes_headlineambition', 
                'ordering': ['number'],
            },
        ),
        migrations.CreateModel(
            name='Principle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(unique=True)),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True)),
                ('commitments', models.TextField(blank=True, help_text='The "We will" commitments, one per line.')),
            ],
            options={'db_table': 'programmes_principle', 
                'ordering': ['number'],
            },
        ),
        migrations.CreateModel(
            name='SystemRecommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(unique=True)),
                ('title', models.CharField(max_length=300)),
            ],
            options={'db_table': 'programmes_systemrecommendation', 
                'ordering': ['number'],
            },
        ),
        migrations.CreateModel(
            name='Theme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(unique=True)),
                ('title', models.CharField(max_length=200)),
            ],
            options={'db_table': 'programmes_theme', 
                'ordering': ['number'],
            },
        ),
        migrations.CreateModel(
            name='MarmotRecommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('text', models.TextField()),
                ('theme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recommendations', to='framework.theme')),
            ],
            options={'db_table': 'programmes_marmotrecommendation', 
                'ordering': ['theme__number', 'order', 'pk'],
            },
        ),
    ])]
