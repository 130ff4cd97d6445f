from . import (
    core,  # noqa: F401
    corrections,  # noqa: F401
    imports,  # noqa: F401
    intake,  # noqa: F401
    parts,  # noqa: F401
    releases,  # noqa: F401
    sanctions,  # noqa: F401
)
