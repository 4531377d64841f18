# Image for web, worker and beat. Debian's fonts cover Chinese and Arabic in PDFs.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
        fonts-noto-cjk fonts-noto-core fonts-liberation libmagic1 libpango-1.0-0 libpangoft2-1.0-0 \
        libharfbuzz-subset0 poppler-utils gettext libicu-dev pkg-config g++ \
        tesseract-ocr tesseract-ocr-ara tesseract-ocr-chi-sim tesseract-ocr-rus tesseract-ocr-fra tesseract-ocr-spa \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python manage.py compilemessages -v0 --ignore=.venv || true \
    && SECRET_KEY=build python manage.py collectstatic --noinput -v0
RUN useradd --create-home rapporteur && mkdir -p /data/media && chown rapporteur /data/media
USER rapporteur
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn_conf.py", "config.wsgi:application"]
