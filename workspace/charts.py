"""Bar geometry for the workspace's small per-day SVG charts (10 px a day)."""


def bars(days: list[dict], *, key: str, height: int) -> list[dict]:
    """Each day with x, y and height, scaled so the busiest day is `height` tall
    and every bar stands on a baseline 4 px below it."""
    peak = max((day[key] for day in days), default=0) or 1
    result = []
    for index, day in enumerate(days):
        bar_height = round(height * day[key] / peak)
        result.append(
            {**day, "x": index * 10, "height": bar_height, "y": height + 4 - bar_height}
        )
    return result
