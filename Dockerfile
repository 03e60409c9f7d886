# One image for the three services; compose picks the service with the command.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
COPY deploy ./deploy
RUN pip install .
RUN useradd --create-home onecouncil
USER onecouncil
EXPOSE 8000
# Listen on all interfaces inside the container; compose maps the ports.
ENV HTTP_HOST=0.0.0.0 HTTP_PORT=8000
CMD ["python", "-m", "services.hr"]
