"""Default Decision 766 weights (reports.md §5), valid from the decision's date (23/06/2022).

The values are copied here (not imported from `weights.py`) so the migration stays what it was when
it ran. `verified=False` marks the spec's unverified (*) values. Administrators add a newer row in the
admin to change a weight from a date.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

FROM = dt.date(2022, 6, 23)
ROWS = [
    # indicator, group, max points, threshold (percent) or None, verified
    ("1.1", 1, "6", None, False),
    ("1.2", 1, "4", None, False),
    ("1.3", 1, "2", None, False),
    ("1.4", 1, "6", None, False),
    ("2.1", 2, "20", None, False),
    ("2.2", 2, "0", None, True),
    ("3.1", 3, "4", "80", False),
    ("3.3", 3, "4", "50", False),
    ("3.5", 3, "4", "80", False),
    ("3.6", 3, "10", None, False),
    ("4.1", 4, "4.4", None, False),
    ("4.2", 4, "4.4", "80", False),
    ("4.3", 4, "4.4", "80", False),
    ("4.4", 4, "4.4", None, False),
    ("4.5", 4, "4.4", None, False),
    ("5.1", 5, "0", None, True),
    ("5.2", 5, "6", None, False),
    ("5.3", 5, "6", None, False),
    ("5.4", 5, "6", "90", False),
]
NOTE = "Default of reports.md §5 (groups 3 and 4 split equally until confirmed)"


def insert(apps, schema_editor):
    IndexWeight = apps.get_model("reports", "IndexWeight")
    for indicator, group, points, threshold, verified in ROWS:
        IndexWeight.objects.get_or_create(
            indicator=indicator,
            valid_from=FROM,
            defaults={
                "group": group,
                "max_points": Decimal(points),
                "threshold": Decimal(threshold) if threshold else None,
                "verified": verified,
                "note": NOTE,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("reports", "IndexWeight").objects.filter(valid_from=FROM, note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_backfill_facts")]

    operations = [migrations.RunPython(insert, remove)]
