"""The site without the MkDocs plugin: for Zensical (and any builder that runs
Python-Markdown extensions but not MkDocs plugins).

`stacktour generate` writes, for every page the plugin would generate, a small stub file
at the same path in the docs folder, the stylesheets and script beside them, and a
builder config (`mkdocs.zensical.yml`) that inherits `mkdocs.yml`, adds the stacktour
Markdown extension, the watch path, the assets and the menu entries. At render time the
Markdown extension expands each stub into the page the plugin would have made, from the
YAML as it is then, so the same pages come out at the same URLs.

    stub.py        the stub file: its text, and how to recognise one
    options.py     the plugin's options, read from mkdocs.yml without MkDocs
    outputs.py     every file `generate` writes, as (path, bytes): a pure plan
    write.py       applying a plan: atomic writes, stale stubs removed, user files kept
    watch.py       `generate --watch`: apply the plan again whenever the stacks change
"""
