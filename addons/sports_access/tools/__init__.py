from . import cache, sync
