from . import payment_provider
from . import payment_provider_micropay
