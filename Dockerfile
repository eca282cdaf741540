# TeamBoard on the floor's server: the app and, with another command, the scheduler (compose.yaml).
#   docker build -t teamboard .
#   docker run -p 8501:8501 -v /srv/teamboard/floor:/data -v /srv/teamboard/config.toml:/app/config.toml:ro teamboard
# Without a config of the floor's it starts on the demo (the repo's config.toml).
# The bundled Chinese font (static/fonts/) comes with the code: nothing is fetched from outside.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TZ=Asia/Shanghai

RUN useradd --create-home --uid 10001 teamboard && mkdir -p /data && chown teamboard /data
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=teamboard . .
RUN mkdir -p .teamboard && chown teamboard .teamboard   # the demo is written here when no floor is configured
USER teamboard

EXPOSE 8501
VOLUME ["/data"]
# slim has no curl: Python asks Streamlit's own health endpoint
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
CMD ["python", "-m", "streamlit", "run", "dashboard.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true", "--browser.gatherUsageStats=false"]
