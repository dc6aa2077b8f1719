"""The base of the portal's migrations: tables made and changed without Django re-rendering the models after each.

After every CreateModel, AddField or AlterField Django re-renders each model related to the changed one, and here
that is nearly all of them (every history model points at the user): that was most of a new database's `migrate`.
These operations need much less. A run of CreateModels records all its models first, renders the state once, then
makes the run's tables: each table is made from its own model's state, which no later CreateModel changes. A change
to one table (a column, a constraint) is made from that model and the models it points at, rendered on their own,
unless another model points at the changed field (then the schema editor must see that model too). Every other
operation runs as Django runs it.

The squashed migrations make a new database with it; the old migrations they replace, which carry a database an
earlier release made, use it too (a database of the release before plan editions migrated in 10 s, not 15), and so
should a new migration: `makemigrations` writes Django's base, to be changed to this one. The schema it makes is
Django's own: checked by hand when the old migrations moved onto it, by comparing, on SQLite and PostgreSQL, the
schema of each migration test's database and of a new one, migrated with and without it.
"""

import copy
import itertools

from django.db import migrations
from django.db.migrations.state import ProjectState
from django.db.migrations.utils import field_is_referenced, resolve_relation

ONE_TABLE = (migrations.AddField, migrations.AlterField, migrations.AddConstraint, migrations.RemoveConstraint)


class Migration(migrations.Migration):
    def apply(self, project_state, schema_editor, collect_sql=False):
        if collect_sql:  # sqlmigrate: as Django would
            return super().apply(project_state, schema_editor, collect_sql)
        for creating, operations in itertools.groupby(self.operations, lambda op: type(op) is migrations.CreateModel):
            if creating:
                self._create_models(list(operations), project_state, schema_editor)
                continue
            last = None  # the last change's model and its state after: the next change's state before, if the same
            for operation in operations:
                if self._changes_one_table(operation, project_state):
                    last = self._change_one_table(operation, project_state, schema_editor, last)
                else:
                    last = None
                    # Rendered before Django clones it, as Django has it: the state after then renders after the state
                    # before, and the schema editor puts an altered column where its field's creation order says.
                    project_state.apps.get_models()
                    part = copy.copy(self)
                    part.operations = [operation]
                    project_state = super(Migration, part).apply(project_state, schema_editor)
        if "apps" not in project_state.__dict__:
            project_state.__dict__["apps"] = RenderedWhenRead(project_state)
        return project_state

    def _changes_one_table(self, operation, state):
        if type(operation) not in ONE_TABLE:
            return False
        model = (self.app_label, operation.model_name_lower)
        return not isinstance(operation, migrations.AlterField) or not field_is_referenced(
            state, model, (operation.name, state.models[model].fields[operation.name]))

    def _create_models(self, operations, project_state, schema_editor):
        project_state.__dict__.pop("apps", None)  # unrendered, each model's state is only recorded
        for operation in operations:
            operation.state_forwards(self.app_label, project_state)
        # CreateModel reads only its own model, in the state after it; the run's last state holds it as it was made
        after = self._around(project_state, *[(self.app_label, operation.name_lower) for operation in operations])
        for operation in operations:
            operation.database_forwards(self.app_label, schema_editor, project_state, after)

    def _change_one_table(self, operation, project_state, schema_editor, last):
        model = (self.app_label, operation.model_name_lower)
        project_state.__dict__.pop("apps", None)
        before = last[1] if last and last[0] == model else self._around(project_state, model)
        # Rendered before the state after, as in Django's own order: the schema editor puts an altered column where
        # its field's creation order says.
        before.apps.get_model(*model)
        operation.state_forwards(self.app_label, project_state)
        after = self._around(project_state, model)
        operation.database_forwards(self.app_label, schema_editor, before, after)
        return model, after

    @staticmethod
    def _around(state, *models):
        """The models and every model they point at, directly or through them: all the schema editor reads of them."""
        keys, todo = set(), list(models)
        while todo:
            key = todo.pop()
            if key in keys or key not in state.models:
                continue
            keys.add(key)
            for field in state.models[key].fields.values():
                if field.is_relation:
                    todo.append(resolve_relation(field.related_model, *key))
                    if getattr(field.remote_field, "through", None):
                        todo.append(resolve_relation(field.remote_field.through, *key))
            todo += [resolve_relation(base, *key) for base in state.models[key].bases if isinstance(base, str)]
        # Copies: the operation changes the state's own model states next.
        return ProjectState({key: state.models[key].clone() for key in keys}, real_apps=state.real_apps)


class RenderedWhenRead:
    """The state's models, rendered when first read. Django's executor renders every model before each migration it
    applies (50 ms here) unless the state holds them already, and the next migration, if it is one of these, mostly
    sets them aside unread: standing in for them saves about 0.8 s of a new database's `migrate` (of 7) and 1.5 s of
    an older release's (of 9). Read, it renders them once and puts them in its place, so every later reader, and
    whoever held it, gets the same models."""

    def __init__(self, state):
        self.state = state

    def __getattr__(self, name):
        state = self.__dict__["state"]
        if state.__dict__.get("apps") is self:
            del state.__dict__["apps"]
        return getattr(state.apps, name)
