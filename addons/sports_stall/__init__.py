# The models before the controllers: the portal controller imports the report package,
# whose dashboard extends sports.stall.
from . import models, report

# isort: split
from . import controllers


def pre_init_hook(env):
    """The contracts' no-overlap exclusion constraint needs btree_gist (a trusted extension)."""
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
