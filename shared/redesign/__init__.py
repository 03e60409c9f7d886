"""Redesigning a function's own processes, for the services that own a function (HR, Finance).

Both publish the same events (`shared.events.redesign`) through the same handlers and the
same HTTP routes; each brings its own tables, staff role and topic (`RedesignOwner`).
"""
