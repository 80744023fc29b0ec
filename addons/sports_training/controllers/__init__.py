from . import portal_enrol
