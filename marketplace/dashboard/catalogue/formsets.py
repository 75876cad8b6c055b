from oscar.apps.dashboard.catalogue import formsets as base
from oscar.apps.dashboard.catalogue.formsets import *  # noqa: F401


class StockRecordFormSet(base.StockRecordFormSet):
    def set_initial_data(self):
        """Oscar reads forms[0] for a seller's user; a POST that carries no
        stock-record forms has none, and that was a 500 instead of a message."""
        if self.forms:
            super().set_initial_data()
