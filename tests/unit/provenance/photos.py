"""Real photographs that ship inside scikit-image, for testing what happens to real pictures."""

import numpy as np
from PIL import Image


def photo(name: str) -> Image.Image:
    import skimage.data

    array = getattr(skimage.data, name)()
    if array.ndim == 2:
        array = np.stack([array] * 3, axis=-1)
    return Image.fromarray(array.astype(np.uint8)).convert("RGB")


PHOTOS = ["astronaut", "coffee", "chelsea", "rocket"]
