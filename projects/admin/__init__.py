from . import core  # noqa: F401
from . import intake  # noqa: F401
