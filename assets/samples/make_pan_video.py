"""Make `coffee-pan.webm`, the Deepfake check's video to try: a slow pan across the real coffee photograph.

    python assets/samples/make_pan_video.py

Every frame is a crop of `coffee.png` (a real photograph, CC0; see README.md here), moved a few pixels at a time
and written as VP8 WebM, which browsers play. Nothing in it is machine-made except the camera movement.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

FOLDER = Path(__file__).resolve().parent
WIDTH, HEIGHT, FRAMES, FPS = 320, 240, 40, 10


def main() -> None:
    photo = np.asarray(Image.open(FOLDER / "coffee.png").convert("RGB"))[:, :, ::-1]  # OpenCV writes BGR
    scale = HEIGHT / photo.shape[0] * 1.2
    photo = cv2.resize(photo, (round(photo.shape[1] * scale), round(photo.shape[0] * scale)),
                       interpolation=cv2.INTER_AREA)
    writer = cv2.VideoWriter(str(FOLDER / "coffee-pan.webm"), cv2.VideoWriter_fourcc(*"VP80"), FPS, (WIDTH, HEIGHT))
    travel_x, travel_y = photo.shape[1] - WIDTH, photo.shape[0] - HEIGHT
    for frame in range(FRAMES):
        share = frame / (FRAMES - 1)
        x, y = round(travel_x * share), round(travel_y * (0.5 - abs(share - 0.5)))
        writer.write(np.ascontiguousarray(photo[y:y + HEIGHT, x:x + WIDTH]))
    writer.release()
    print(f"wrote {FOLDER / 'coffee-pan.webm'}")


if __name__ == "__main__":
    main()
