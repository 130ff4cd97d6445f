"""Serializers: the write inputs (`writes`), and the documented shape of every response (`ventures`
for venture rows, details and features; `records` for the other reads; `common` for errors)."""
