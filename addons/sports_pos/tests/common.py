"""What the front desk's tests share."""

import copy


def ui_order_copy(data):
    """A fresh copy of UI order data (``create_ui_order_data``), its commands as lists, as
    a new request from the POS brings it: syncing it twice must not share one dict."""
    data = copy.deepcopy(data)
    for field in ("lines", "payment_ids"):
        data[field] = [list(command) for command in data[field]]
    return data
