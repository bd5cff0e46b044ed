# The audit log's chain becomes keyed (an HMAC under ORGBURO_AUDIT_KEY). Events already written
# stay as they are, marked unkeyed: they were hashed without a key, and only their own plain
# hashes can be checked. New events default to keyed.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_calendar'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='keyed',
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='keyed',
            field=models.BooleanField(default=True),
        ),
    ]
