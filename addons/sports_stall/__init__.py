from . import controllers, models, report


def pre_init_hook(env):
    """The contracts' no-overlap exclusion constraint needs btree_gist (a trusted extension)."""
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
