"""Languages: prose per language in the YAML, and stacktour's own words per language.

- `prose.py`: `Prose`, a prose field's text in the default language carrying the others.
- `fields.py`: which fields are prose (said by the JSON Schemas), turned into `Prose` by
  the loader, with diagnostics for unknown language codes (ST220) and a missing default
  language (ST221).
- `localize.py`: a project in one language (`localize`), and what lacks it
  (`untranslated`, ST222).
- `results.py`: a load result localized for one build.
- `messages.py`: the message catalogues (`messages/<code>.po`) and `t()`.

A site builds once per language (see docs/guide/languages.md); each build asks the `Site`
for its language, and everything the Site renders is in that language.
"""
