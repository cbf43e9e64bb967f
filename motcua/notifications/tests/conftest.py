from motcua.dossiers.tests.conftest import env, receive  # noqa: F401  (shared fixtures)
