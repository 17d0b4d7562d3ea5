"""Numbers the way Belgian and Dutch customers write them."""

from decimal import Decimal


def thousands(value: int) -> str:
    """45210 -> "45.210"."""
    return f"{value:,}".replace(",", ".")


def euros(value: Decimal | float) -> str:
    """1234.5 -> "€ 1.234,50" (the sign is said in words by the caller)."""
    return "€ " + f"{abs(float(value)):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
