"""Languages: the gettext primitives (messages), CLDR formatting (locale), the localize phase,
and the maintenance of the catalogs (catalogs, extract)."""
