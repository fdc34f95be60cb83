"""Charts as PNG images, drawn with matplotlib in Noto fonts so that Arabic, Chinese and Cyrillic
labels render (matplotlib shapes right-to-left text). The images carry no metadata: no software
name, no dates, nothing but pixels; the same numbers give the same bytes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

FONTS = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC", "DejaVu Sans"]
COLOURS = ["#14325c", "#009edb", "#c2570c", "#1e7b45", "#5a2ca0", "#b02a37"]
MAX_BARS = 15
_LOCK = threading.Lock()  # pyplot's font cache and state are not thread-safe


def _style() -> None:
    plt.rcParams.update({"font.family": FONTS, "font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False, "svg.hashsalt": "reprisals", "figure.dpi": 100})


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    # Software would name matplotlib and its version; nothing else is written for PNG when these are None.
    fig.savefig(out, format="png", dpi=150, metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)
    return strip_metadata(out.getvalue())


def strip_metadata(png: bytes) -> bytes:
    """Keep only the chunks that draw the image (IHDR, PLTE, tRNS, IDAT, IEND): no text, time or
    physical-size chunks."""
    import struct

    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    keep = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    out, i = [png[:8]], 8
    while i < len(png):
        (length,) = struct.unpack(">I", png[i:i + 4])
        kind = png[i + 4:i + 8]
        chunk = png[i:i + 12 + length]
        if kind in keep:
            out.append(chunk)
        i += 12 + length
    return b"".join(out)


def bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> bytes:
    """Horizontal bars, one group per label and one bar per series (stacked when several)."""
    labels = list(labels)[:MAX_BARS]
    with _LOCK:
        _style()
        height = 1.2 + 0.32 * max(len(labels), 1)
        fig, ax = plt.subplots(figsize=(7.2, height))
        positions = list(range(len(labels)))[::-1]
        left = [0] * len(labels)
        for k, (name, values) in enumerate(series):
            values = list(values)[:MAX_BARS]
            ax.barh(positions, values, left=left, color=COLOURS[k % len(COLOURS)], label=name, height=0.7)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(positions, labels)
        ax.xaxis.get_major_locator().set_params(integer=True)
        if len(series) > 1:
            ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(series))
        return _png(fig)
