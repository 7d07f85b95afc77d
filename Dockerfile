# Image for web, worker and beat (docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fontconfig fonts-liberation2 gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY --from=assets /app/node_modules ./node_modules
COPY . .
RUN THIDUA_ENV=build SECRET_KEY=build STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage \
    python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 thidua && mkdir -p /data/media && chown -R thidua /data /app
USER thidua
EXPOSE 8000
