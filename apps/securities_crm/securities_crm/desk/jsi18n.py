"""The desk's JavaScript catalogue: Django admin's own, plus the strings its widgets gained in Django 5
that its zh_Hans djangojs catalogue does not have yet (the role picker read "Choose all 角色" and
"(click to clear)"). Those msgids live in our django.po like any other string of ours, so the
translators keep one catalogue; this view lays them over the admin's at /app/jsi18n/, the URL the
admin templates load."""

from django.utils.translation import gettext, gettext_noop
from django.views.i18n import JavaScriptCatalog

# SelectFilter2.js (the two-box picker of filter_horizontal fields, e.g. a staff profile's roles).
ADMIN_JS_MSGIDS = (
    gettext_noop("(click to clear)"),
    # Django's own Chinese puts a space in these ("可用 角色"); ours reads 可选角色.
    gettext_noop("Available %s"),
    gettext_noop("Chosen %s"),
    gettext_noop('Choose %s by selecting them and then select the "Choose" arrow button.'),
    gettext_noop('Remove %s by selecting them and then select the "Remove" arrow button.'),
    gettext_noop("Choose all %s"),
    gettext_noop("Choose selected %s"),
    gettext_noop("Remove all %s"),
    gettext_noop("Remove selected %s"),
)


class DeskCatalog(JavaScriptCatalog):
    packages = ["django.contrib.admin"]

    def get_catalog(self):
        catalog = super().get_catalog()
        for msgid in ADMIN_JS_MSGIDS:
            translated = gettext(msgid)
            if translated != msgid:
                catalog[msgid] = translated
        return catalog


view = DeskCatalog.as_view()
