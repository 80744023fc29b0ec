from . import (
    controllers,
    models,
    wizard,  # ATTEND
)
