"""The base of the squashed migrations: a new database's tables made without Django re-rendering the models after each.

After every CreateModel Django re-renders each model related to the new one, and here that is nearly all of them
(every history model points at the user): that was most of a new database's `migrate`. A run of CreateModels needs
no state in between: each table is made from its own model's state, which no later CreateModel changes. So a run
records all its models first, renders the state once, then makes the tables. Every other operation runs as usual.
"""

import copy
import itertools

from django.db import migrations


class Migration(migrations.Migration):
    def apply(self, project_state, schema_editor, collect_sql=False):
        if collect_sql:  # sqlmigrate: as Django would
            return super().apply(project_state, schema_editor, collect_sql)
        for creating, operations in itertools.groupby(self.operations, lambda op: type(op) is migrations.CreateModel):
            if creating:
                self._create_models(list(operations), project_state, schema_editor)
            else:
                part = copy.copy(self)
                part.operations = list(operations)
                project_state = super(Migration, part).apply(project_state, schema_editor)
        return project_state

    def _create_models(self, operations, project_state, schema_editor):
        project_state.__dict__.pop("apps", None)  # unrendered, each model's state is only recorded
        for operation in operations:
            operation.state_forwards(self.app_label, project_state)
        for operation in operations:  # CreateModel reads only the state after it, and the run's last state holds it
            operation.database_forwards(self.app_label, schema_editor, project_state, project_state)
