"""Payments of orders: cash on delivery, VietQR bank transfers (and cards)."""
