from oscar.apps.shipping import repository
from oscar.apps.shipping.repository import *  # noqa: F401

from marketplace.shipping.methods import PerSellerFlatRate


class Repository(repository.Repository):
    methods = (PerSellerFlatRate(),)
