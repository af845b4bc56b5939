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
    integral = np.zeros((values.shape[0] + 1, values.shape[1] + 1))
    np.cumsum(values, 0, out=integral[1:, 1:])
    np.cumsum(integral[1:, 1:], 1, out=integral[1:, 1:])
    total = (
        integral[size:, size:]
        - integral[:-size, size:]
        - integral[size:, :-size]
        + integral[:-size, :-size]
    )
    return total / (size * size)


class Reference:
    """An image whose SSIM against many candidates is wanted (a quality search): its luma
    and window statistics are computed once, leaving three box filters per candidate."""

    def __init__(self, image):
        self.size = image.size
        self.x = luma(image)
        self.window = min(WINDOW, *self.x.shape)
        self.mean = _box_mean(self.x, self.window)
        self.var = _box_mean(self.x * self.x, self.window) - self.mean**2

    def ssim(self, candidate):
        """SSIM of a PIL image of the same size against this reference."""
        if candidate.size != self.size:
            raise ValueError("SSIM needs images of the same size")
        y, size = luma(candidate), self.window
        mean_y = _box_mean(y, size)
        var_y = _box_mean(y * y, size) - mean_y**2
        cov = _box_mean(self.x * y, size) - self.mean * mean_y
        index = ((2 * self.mean * mean_y + C1) * (2 * cov + C2)) / (
            (self.mean**2 + mean_y**2 + C1) * (self.var + var_y + C2)
        )
        return float(index.mean())


def ssim(first, second):
    """SSIM of two PIL images of the same size."""
    if first.size != second.size:
        raise ValueError("SSIM needs images of the same size")
    return Reference(first).ssim(second)
