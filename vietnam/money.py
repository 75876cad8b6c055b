"""Amounts as Vietnamese write them: whole đồng, dots between thousands."""


def dong_grouped(amount: int) -> str:
    """150000 → "150.000" (messages built in Python; templates use Oscar's currency filter)."""
    return f"{int(amount):,}".replace(",", ".")
