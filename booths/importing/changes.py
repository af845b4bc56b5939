"""Comparing imported values with a record and assigning only what differs.

Re-importing the same file must change nothing (no saved rows, no page revisions), so
every write is preceded by this comparison rather than left to "save and see".
"""


def differs(obj, name, value):
    """True if setting `name` to `value` would change `obj`.

    Foreign keys compare by id, many-to-many by the set of ids, everything else by the
    value Django would store, so that no query is spent on an unchanged row.
    """
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return {item.pk for item in getattr(obj, name).all()} != {item.pk for item in value}
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return _comparable(field.value_from_object(obj)) != _comparable(value)


def _comparable(value):
    """Countries as codes and lists in sorted order: stored order carries no meaning."""
    if isinstance(value, list | tuple):
        return sorted(_comparable(item) for item in value)
    code = getattr(value, "code", None)
    return value if code is None else code


def assign(obj, values):
    """Set every value on `obj`; returns the names that changed."""
    changed = []
    for name, value in values.items():
        if not differs(obj, name, value):
            continue
        field = obj._meta.get_field(name)
        if field.many_to_many:
            getattr(obj, name).set(value)
        else:
            setattr(obj, name, value)
        changed.append(name)
    return changed
