from django.db import migrations, models

from traceability.gs1 import batch_gtin


def freeze_gtins(apps, schema_editor):
    """Existing batches take their product's GTIN as it is today; a lot another
    batch already claims for that GTIN keeps only its /t/<token> link."""
    Batch = apps.get_model("traceability", "Batch")
    taken = set()
    for batch in Batch.objects.select_related("product").order_by("pk"):
        gtin = batch_gtin(product_gtin=batch.product.gtin or "", lot=batch.lot_code)
        if gtin and (gtin, batch.lot_code) not in taken:
            taken.add((gtin, batch.lot_code))
            Batch.objects.filter(pk=batch.pk).update(gtin=gtin)


class Migration(migrations.Migration):
    dependencies = [
        ("traceability", "0003_scan"),
    ]

    operations = [
        migrations.AddField(
            model_name="batch",
            name="gtin",
            field=models.CharField(blank=True, editable=False, max_length=14),
        ),
        migrations.RunPython(freeze_gtins, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="batch",
            constraint=models.UniqueConstraint(
                condition=models.Q(("gtin", ""), _negated=True),
                fields=("gtin", "lot_code"),
                name="batch_gtin_lot_unique",
                violation_error_message="Another batch of this product's GTIN already has this lot code.",
            ),
        ),
    ]
