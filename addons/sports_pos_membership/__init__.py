from . import models


def post_init_hook(env):
    """A member card payment method per company, and on the demo front desk."""
    env["pos.payment.method"]._sports_card_setup()
