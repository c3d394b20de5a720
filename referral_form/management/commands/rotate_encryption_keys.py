"""Re-encrypt every encrypted field value under the first key in FIELD_ENCRYPTION_KEYS.

Key rotation, step by step:
1. Put the new key first in FIELD_ENCRYPTION_KEYS, keeping the old ones after it; deploy.
2. Run ``manage.py rotate_encryption_keys``.
3. Remove the old keys from the setting once no copy of the data still needs them (backups made
   before step 2 still hold values encrypted with the old keys).

The command walks every model field registered by ``referral_form.fields`` (see
``referral_form.crypto.encrypted_field_registry``), a batch of rows at a time, each batch in its
own transaction with the rows locked where the database supports it. It is safe to run again:
values already under the first key are simply re-encrypted. Legacy plain-text values are
encrypted. Unfinished referrals (the wizard's drafts, in the sessions in the database and in
Redis) are re-encrypted too (referral_form.draft_rotation). It prints counts only, never values.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models.functions import Cast

from referral_form import crypto
from referral_form.draft_rotation import rotate_drafts


class Command(BaseCommand):
    help = "Re-encrypt all encrypted personal data under the first key in FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Rows read and written per transaction (default 500).",
        )

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        registry = crypto.encrypted_field_registry()
        if not registry:
            self.stdout.write("No encrypted fields are registered: nothing to do.")
            return
        totals = {"rows": 0, "rotated": 0, "encrypted": 0, "empty": 0}
        for model, field_names in registry:
            counts = self._rotate_model(model, field_names, batch_size)
            for name in field_names:
                per_field = counts[name]
                self.stdout.write(
                    f"{model._meta.label}.{name}: {per_field['rotated']} re-encrypted, "
                    f"{per_field['encrypted']} plain values encrypted, "
                    f"{per_field['empty']} empty."
                )
                for kind in ("rotated", "encrypted", "empty"):
                    totals[kind] += per_field[kind]
            totals["rows"] += counts["__rows__"]
        drafts = rotate_drafts()
        self.stdout.write(f"Unfinished referrals (session drafts): {drafts.rotated} re-encrypted, "
                          f"{drafts.unreadable} unreadable with any key (left to expire).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {totals['rows']} rows checked, {totals['rotated']} values re-encrypted, "
                f"{totals['encrypted']} plain values encrypted, {totals['empty']} empty values "
                "left as they were."
            )
        )

    def _rotate_model(self, model, field_names, batch_size):
        counts = {name: {"rotated": 0, "encrypted": 0, "empty": 0} for name in field_names}
        counts["__rows__"] = 0
        manager = model._base_manager
        pk_name = model._meta.pk.attname
        # Cast to plain text so the ORM hands back the stored ciphertext, not decrypted values.
        raw = {f"_raw_{name}": Cast(name, output_field=models.TextField()) for name in field_names}
        last_pk = None
        while True:
            with transaction.atomic(using=manager.db):
                queryset = manager.select_for_update().order_by(pk_name)
                if last_pk is not None:
                    queryset = queryset.filter(pk__gt=last_pk)
                rows = list(queryset.annotate(**raw).values_list(pk_name, *raw)[:batch_size])
                if not rows:
                    break
                objects = []
                for pk, *values in rows:
                    obj = model(pk=pk)
                    for name, stored in zip(field_names, values, strict=True):
                        setattr(obj, name, self._new_value(model, name, pk, stored, counts[name]))
                    objects.append(obj)
                manager.bulk_update(objects, field_names)
                counts["__rows__"] += len(rows)
                last_pk = rows[-1][0]
        return counts

    def _new_value(self, model, name, pk, stored, counts):
        if stored is None or stored == "":
            counts["empty"] += 1
            return crypto.Ciphertext(stored) if stored == "" else None
        if crypto.is_encrypted(stored):
            try:
                token = crypto.rotate_token(stored)
            except crypto.DecryptionError as exc:
                raise CommandError(
                    f"{model._meta.label}.{name} in row pk={pk} cannot be decrypted with any key "
                    "in FIELD_ENCRYPTION_KEYS. Earlier batches were re-encrypted, this one was "
                    "not: add the missing key and run the command again."
                ) from exc
            counts["rotated"] += 1
        else:
            token = crypto.encrypt_text(stored)
            counts["encrypted"] += 1
        return crypto.Ciphertext(token)
