"""Caption pages: what the captions show of a long line at once, and when.

Pure functions shared by the captions presenter (which shows the pages) and the
narrative's timing and lint (which judge each page's reading speed).
"""

from __future__ import annotations

PAGE_CHARS = 72
"""Two caption rows; longer lines are shown a page at a time."""


def paginate(text: str, limit: int = PAGE_CHARS) -> list[str]:
    """Split a long caption into as few pages as fit ``limit`` characters, of about equal length.

    Breaks fall between words, preferably after the end of a sentence or a clause.
    """
    words = text.split()
    if len(" ".join(words)) <= limit:
        return [" ".join(words)]
    n = len(words)
    start = [0]
    for w in words:
        start.append(start[-1] + len(w) + 1)

    def length(i: int, j: int) -> int:  # words[i:j] joined
        return start[j] - start[i] - 1

    for pages in range(-(-length(0, n) // limit), n + 1):
        target = length(0, n) / pages
        inf = float("inf")
        best = [[inf] * (n + 1) for _ in range(pages + 1)]
        cut = [[0] * (n + 1) for _ in range(pages + 1)]
        best[0][0] = 0.0
        for k in range(1, pages + 1):
            for j in range(1, n + 1):
                for i in range(j - 1, -1, -1):
                    size = length(i, j)
                    if size > limit:
                        break
                    if best[k - 1][i] == inf:
                        continue
                    end = words[j - 1][-1]
                    bonus = 0.3 if end in ".?!" else 0.15 if end in ",;:" else 0.0
                    cost = best[k - 1][i] + ((size - target) / target) ** 2 - (bonus if j < n else 0.0)
                    if cost < best[k][j]:
                        best[k][j], cut[k][j] = cost, i
        if best[pages][n] < inf:
            out, j = [], n
            for k in range(pages, 0, -1):
                i = cut[k][j]
                out.append(" ".join(words[i:j]))
                j = i
            return out[::-1]
    return [" ".join(words)]  # a single word longer than a page


def page_starts(pages: list[str]) -> list[float]:
    """When each page starts, as a fraction of the line (by characters spoken before it)."""
    total = sum(len(p) for p in pages) or 1
    out, acc = [], 0
    for p in pages:
        out.append(acc / total)
        acc += len(p)
    return out
