from django.core.management.base import BaseCommand

from ...permissions import table


class Command(BaseCommand):
    help = "Print who may write which fields (from roles.json and the DocTypes' declarations), or rewrite a README's section."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="README", help="rewrite the section between the field-rights markers")

    def handle(self, *args, write=None, **options):
        if not write:
            self.stdout.write(table.markdown())
            return
        with open(write, encoding="utf-8") as f:
            text = f.read()
        if table.START not in text:
            raise SystemExit(f"{write} has no {table.START} marker")
        with open(write, "w", encoding="utf-8") as f:
            f.write(table.replace_section(text))
