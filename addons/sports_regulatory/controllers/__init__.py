from . import main, uplink
