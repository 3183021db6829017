"""Store adapters: ``memory`` (tests, prototypes), ``sqlite`` (embedded), ``postgres``."""
