from . import portal_enrol
from . import (
    coach,  # ATTEND
    makeup,  # ATTEND
)
