"""The README's table of who writes what is generated from the declarations, and kept current."""

from pathlib import Path

from securities_crm.permissions import table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_table_matches_the_declarations(db):
    text = README.read_text(encoding="utf-8")
    assert table.START in text and table.END in text
    assert table.replace_section(text) == text, "run: manage.py field_rights --write README.md"


def test_the_table_names_every_doctype_and_the_system_only_ones():
    from securities_crm.core import registry

    text = table.markdown()
    for spec in registry.all_doctypes():
        assert f"| {spec.name} |" in text
    assert "| Audit Log | nobody: written by the system only |" in text
