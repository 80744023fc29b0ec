from . import sync
