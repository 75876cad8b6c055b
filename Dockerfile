# Production image: gunicorn serving the site, static files through WhiteNoise.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=marketplace.settings.production
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN for po in $(find locale -name django.po); do pybabel compile -i "$po" -o "${po%.po}.mo"; done \
 && SECRET_KEY=build-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn marketplace.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2}"]
