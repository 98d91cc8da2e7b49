"""Static files with content hashes in their names, so browsers keep them for a year.

`collectstatic` writes app.3f2a9c1b4e5d.css (and its .gz/.br) beside a manifest; `{% static %}` names the
hashed file, and WhiteNoise serves any file whose name carries a hash with
`Cache-Control: max-age=315360000, immutable`. A new release has new names, so nothing stale is kept.

Where nothing was collected (the test suite's live server, `runserver`) or the manifest is older than a
file, the file is named as it is rather than failing the page: that is what the non-hashing storage
did, and those servers find the file by its plain name. A host site without a STATIC_ROOT (it serves
static files its own way) has nothing collected either."""

from django.core.exceptions import ImproperlyConfigured
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def read_manifest(self):
        try:
            return super().read_manifest()
        except ImproperlyConfigured:  # no STATIC_ROOT: no manifest
            return None

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except (ValueError, ImproperlyConfigured):  # not collected: no file to hash
            return name
