from . import portal, rush, website
