# The wijkwijzer bot. Rasa runs in its own container (rasa/rasa:3.6.21-full), see docker-compose.yml.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir . && useradd --system --uid 10001 wijkwijzer
COPY content ./content
USER wijkwijzer
CMD ["sh", "-c", "wijkwijzer db upgrade && wijkwijzer content import content/ && wijkwijzer run"]
