"""The disposable SQLite cache of the journal: schema, apply, store, files, verify."""
