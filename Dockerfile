FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=fonds.settings.base
# WeasyPrint a besoin de Pango ; les polices DejaVu servent aux PDF ; libmagic lit le type des
# pièces jointes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core libmagic1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -e . \
    && SECRET_KEY=collectstatic python manage.py collectstatic --noinput
RUN useradd --create-home fonds && mkdir -p /data/media && chown fonds /data/media
USER fonds
EXPOSE 8000
