"""Our overrides of Django's locale formats (settings.FORMAT_MODULE_PATH); a locale without a module
here keeps Django's own."""
