from . import (
    coach,  # ATTEND
    makeup,  # ATTEND
    portal_enrol,
)
