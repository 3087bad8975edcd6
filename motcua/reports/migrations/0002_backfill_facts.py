"""Backfill the report facts of dossiers accepted before the reports app existed.

Calls the app's own rebuild (one INSERT … SELECT on PostgreSQL) rather than a frozen copy: the facts
are derived data, and `manage.py reports_rebuild_facts` recomputes them at any time.
"""

from django.db import migrations


def backfill(apps, schema_editor):
    from motcua.reports.facts import facts_rebuild

    facts_rebuild()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("dossiers", "0003_storeitem_dossier_applicant_and_more")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
