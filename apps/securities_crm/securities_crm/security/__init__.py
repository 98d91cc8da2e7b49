"""Personal-data protection (PIPL): field encryption, blind indexes, masking and the audit trail.

    keys.py     the key ring (settings.CRM_FIELD_KEYS): AES-GCM keys by id, and the HMAC index key
    crypto.py   encrypt / decrypt a value, and the keyed blind index used for exact search
    fields.py   EncryptedField (`sensitive = True`) and BlindIndexField, for models
    masking.py  masked display, and `present(user, obj, field, channel)` which reveals and audits
    audit.py    `log(...)`: one Audit Log row per sensitive event (full reads, logins, exports, roles)

Exact search goes through the blind index. Both spellings work:

    Client.objects.filter(id_number="110105194912310025")        # EncryptedField's own lookup
    Client.objects.filter(id_number_index=blind_index("id_number", "110105194912310025"))
"""
