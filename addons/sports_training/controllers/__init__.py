from . import (
    coach,  # ATTEND
    makeup,  # ATTEND
)
