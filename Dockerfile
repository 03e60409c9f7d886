# One image for the three services and the console; compose picks one with the command.

# The console's GOV.UK Frontend assets are vendored at build time, never at run time.
FROM node:20-slim AS console-assets
WORKDIR /build
COPY deploy/console ./deploy/console
RUN mkdir -p services/console/static && bash deploy/console/vendor.sh

FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
COPY deploy ./deploy
COPY --from=console-assets /build/services/console/static/vendor ./services/console/static/vendor
RUN pip install .
RUN useradd --create-home onecouncil
USER onecouncil
EXPOSE 8000
# Listen on all interfaces inside the container; compose maps the ports.
ENV HTTP_HOST=0.0.0.0 HTTP_PORT=8000
CMD ["python", "-m", "services.hr"]
