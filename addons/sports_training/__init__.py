from . import controllers, models, wizard
from . import (
    controllers,
    models,
    wizard,  # ATTEND
)
