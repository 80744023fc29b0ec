
from . import uplink
