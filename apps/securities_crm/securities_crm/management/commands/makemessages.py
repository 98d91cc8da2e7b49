"""Django's makemessages, also reading `_t(...)`.

Modules that need both the lazy and the immediate gettext import the immediate one as `_t` (alert
summaries, messages built at run time). xgettext knows `_` and `gettext`, not `_t`: without this its
strings would be marked for translation but never reach the catalogue."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_t"]
