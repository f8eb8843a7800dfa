"""Predicates about who someone is, shared by every app's rules.py."""

import rules


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_municipal_staff(user) -> bool:
    return is_signed_in(user) and user.is_municipal_staff


@rules.predicate
def is_administrator(user) -> bool:
    return is_signed_in(user) and user.is_administrator


rules.add_rule("common.view_outbox", is_municipal_staff)
rules.add_rule("common.view_audit_log", is_administrator)
