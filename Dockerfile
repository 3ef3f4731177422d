# Genlab as a Hugging Face Docker Space or any container host.
FROM python:3.11-slim

# OpenCV (used by the invisible watermark) needs these shared libraries.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*

# Spaces run containers as user 1000.
RUN useradd --create-home --uid 1000 user
USER user
ENV HOME=/home/user \
    PATH=/home/user/.local/bin:$PATH \
    GRADIO_SERVER_NAME=0.0.0.0 \
    GRADIO_ANALYTICS_ENABLED=False \
    GENLAB_DATA_DIR=/home/user/data \
    GENLAB_PORT=7860
WORKDIR /home/user/app

COPY --chown=user requirements.txt requirements-nodeps.txt requirements-scale.txt ./
RUN pip install --no-cache-dir --user -r requirements.txt \
    && pip install --no-cache-dir --user --no-deps -r requirements-nodeps.txt \
    && pip install --no-cache-dir --user -r requirements-scale.txt
COPY --chown=user . .

EXPOSE 7860
CMD ["python", "app.py"]
