"""kzextract's rule files, installed as the package data `kzextract.rules`
(see `rules/README.md`). Data only: nothing here is executed but this line."""
