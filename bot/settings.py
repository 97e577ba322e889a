"""Configuration, read once from the environment (and a `.env` file); secrets never print."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.errors import WijkwijzerError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR = PROJECT_ROOT / "var"


class Settings(BaseSettings):
    """Every setting of wijkwijzer; names are the environment variables of the README."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default=f"sqlite:///{VAR / 'wijkwijzer.sqlite3'}", alias="WIJKWIJZER_DATABASE_URL"
    )
    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="WIJKWIJZER_TELEGRAM_BASE_URL"
    )
    telegram_webhook_url: str | None = Field(default=None, alias="WIJKWIJZER_WEBHOOK_URL")
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, alias="WIJKWIJZER_WEBHOOK_SECRET"
    )
    telegram_webhook_listen: str = Field(default="0.0.0.0", alias="WIJKWIJZER_WEBHOOK_LISTEN")
    telegram_webhook_port: int = Field(default=8443, alias="WIJKWIJZER_WEBHOOK_PORT")
    # Telegram's flood limits; 0 switches one off (only for benchmarks against a test double).
    telegram_chat_rate: float = Field(default=1.0, ge=0, alias="WIJKWIJZER_TELEGRAM_CHAT_RATE")
    telegram_overall_rate: float = Field(
        default=30.0, ge=0, alias="WIJKWIJZER_TELEGRAM_OVERALL_RATE"
    )
    telegram_group_rate: float = Field(
        default=20.0, ge=0, alias="WIJKWIJZER_TELEGRAM_GROUP_RATE"
    )  # messages a minute in one group
    resident_messages_per_minute: int = Field(
        default=20, ge=1, alias="WIJKWIJZER_RESIDENT_MESSAGES_PER_MINUTE"
    )
    telegram_concurrency: int = Field(default=128, ge=1, alias="WIJKWIJZER_TELEGRAM_CONCURRENCY")
    nlu_url: str | None = Field(default=None, alias="WIJKWIJZER_NLU_URL")
    nlu_token: SecretStr | None = Field(default=None, alias="WIJKWIJZER_NLU_TOKEN")
    nlu_timeout: float = Field(default=2.0, gt=0, alias="WIJKWIJZER_NLU_TIMEOUT")
    translator: Literal["none", "libretranslate", "google", "deepl"] = Field(
        default="none", alias="WIJKWIJZER_TRANSLATOR"
    )
    translator_url: str | None = Field(default=None, alias="WIJKWIJZER_TRANSLATOR_URL")
    translator_api_key: SecretStr | None = Field(
        default=None, alias="WIJKWIJZER_TRANSLATOR_API_KEY"
    )
    remind_after_hours: float = Field(default=4.0, gt=0, alias="WIJKWIJZER_REMIND_AFTER_HOURS")
    remind_urgent_after_minutes: float = Field(
        default=15.0, gt=0, alias="WIJKWIJZER_REMIND_URGENT_AFTER_MINUTES"
    )
    retention_days: int = Field(default=30, ge=1, alias="WIJKWIJZER_RETENTION_DAYS")
    content_dir: Path = Field(default=PROJECT_ROOT / "content", alias="WIJKWIJZER_CONTENT_DIR")


@cache
def settings() -> Settings:
    """The settings, read once; a malformed value stops start-up with a one-line message."""
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(p) for p in first["loc"])
        raise WijkwijzerError(f"configuration: {name}: {first['msg']}") from None
