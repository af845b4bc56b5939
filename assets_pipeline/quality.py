"""Perceptual similarity (SSIM) between two images, to pick an encoder quality per image.

The structural similarity index of Wang et al. (2004) on the luma channel, with 8×8
windows averaged by a box filter (integral images, numpy only). 1.0 means identical;
photographic derivatives look the same as their source at about 0.98.
"""

import numpy as np

C1 = (0.01 * 255) ** 2
C2 = (0.03 * 255) ** 2
WINDOW = 8


def luma(image):
    return np.asarray(image.convert("L"), dtype=np.float64)


def _box_mean(values, size):
    """Mean of every size×size window (valid positions only), by integral image."""
    padded = np.pad(values.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    total = (
        padded[size:, size:]
        - padded[:-size, size:]
        - padded[size:, :-size]
        + padded[:-size, :-size]
    )
    return total / (size * size)


def ssim(first, second):
    """SSIM of two PIL images of the same size."""
    if first.size != second.size:
        raise ValueError("SSIM needs images of the same size")
    x, y = luma(first), luma(second)
    size = min(WINDOW, *x.shape)
    mean_x, mean_y = _box_mean(x, size), _box_mean(y, size)
    var_x = _box_mean(x * x, size) - mean_x**2
    var_y = _box_mean(y * y, size) - mean_y**2
    cov = _box_mean(x * y, size) - mean_x * mean_y
    index = ((2 * mean_x * mean_y + C1) * (2 * cov + C2)) / (
        (mean_x**2 + mean_y**2 + C1) * (var_x + var_y + C2)
    )
    return float(index.mean())
