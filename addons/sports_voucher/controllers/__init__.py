from . import checkout
