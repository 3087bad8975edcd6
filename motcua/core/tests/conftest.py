from motcua.dossiers.tests.conftest import world  # noqa: F401  (the lifecycle tests' world fixture)
