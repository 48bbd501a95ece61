"""Writes inter.css for the self-hosted Inter files (run by `make vendor`).

Latin and Latin Extended are split by unicode-range, so a page downloads the extended file
only when it shows a character from it (Northern Sami's č, đ, ŋ, š, ŧ, ž).
"""

from __future__ import annotations

import sys
from pathlib import Path

RANGES = {
    "latin": "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,"
    "U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
    "latin-ext": "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,"
    "U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF",
}


def main(folder: str) -> None:
    rules = []
    for weight in (400, 500, 600):
        for subset, unicode_range in RANGES.items():
            rules.append(
                "@font-face{font-family:Inter;font-style:normal;font-display:swap;"
                f"font-weight:{weight};src:url(inter-{subset}-{weight}-normal.woff2) format('woff2');"
                f"unicode-range:{unicode_range}}}"
            )
    Path(folder, "inter.css").write_text("\n".join(rules) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
