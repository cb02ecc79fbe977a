"""The office configuration: one TOML file, documented in docs/configuration.md."""

from hub.config.loader import (
    ConfigError,
    Office,
    default_database_path,
    default_office_text,
    load_office,
    office_from_table,
    parse_office,
)

__all__ = ["ConfigError", "Office", "default_database_path", "default_office_text",
           "load_office", "office_from_table", "parse_office"]
