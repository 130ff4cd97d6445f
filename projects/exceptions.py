class VersionConflict(Exception):
    """Someone else saved the record since this edit started: the stale edit is refused."""

    def __init__(self, *, current_version: int, public_id: str = ""):
        self.current_version = current_version
        self.public_id = public_id
        super().__init__(
            f"{public_id or 'This record'} was changed by someone else since you opened it "
            f"(it is now at version {current_version}). Reload it and apply your change again."
        )
