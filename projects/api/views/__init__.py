"""API views: thin. Reads come from selectors (visibility from `visible_ventures`), writes go to
services. `base` holds what they share; `ventures`, `parts`, `records` and `index` the endpoints."""
