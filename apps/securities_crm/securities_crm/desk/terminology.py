"""Django's own strings that the desk words in the broker's terms, so `make messages` keeps them in our catalogue.

Our catalogue is searched before Django's, so a msgid listed here gets our translation
everywhere: Django's auth groups are our roles (角色, not 组). Never imported at run time.
"""

from django.utils.translation import gettext_noop

TERMS = [
    gettext_noop("group"),
    gettext_noop("groups"),
    gettext_noop("The groups this user belongs to. A user will get all permissions granted to each of their groups."),
]
