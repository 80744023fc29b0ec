from . import (
    coach,
    makeup,
    portal_enrol,
)
