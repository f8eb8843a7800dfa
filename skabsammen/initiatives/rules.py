"""Who may do what to an idea. Services check these; views and the API show or hide by them.

The citizen owns the idea (Fastholder virkelysten): only owners edit its text, pause,
resume, withdraw or complete it. The contact person answers and moves it forward.
"""

import rules

from skabsammen.common.rules import is_municipal_staff, is_signed_in


@rules.predicate
def is_owner(user, initiative) -> bool:
    if not is_signed_in(user) or initiative is None:
        return False
    owner_ids = getattr(initiative, "owner_ids", None)  # set by selectors to save a query
    if owner_ids is not None:
        return user.pk in owner_ids
    return initiative.owners.filter(pk=user.pk).exists()


@rules.predicate
def is_contact_person(user, initiative) -> bool:
    return (
        is_municipal_staff(user)
        and initiative is not None
        and initiative.contact_person_id == user.pk
    )


@rules.predicate
def is_public(user, initiative) -> bool:
    return initiative is not None and initiative.is_public


rules.add_rule("initiatives.view", is_public | is_owner | is_municipal_staff)
rules.add_rule("initiatives.view_dialogue", is_owner | is_municipal_staff)
rules.add_rule("initiatives.view_internal_notes", is_municipal_staff)
rules.add_rule("initiatives.submit", is_signed_in)
rules.add_rule("initiatives.register_on_behalf", is_municipal_staff)
rules.add_rule("initiatives.resend_ownership_invitation", is_municipal_staff)
rules.add_rule("initiatives.view_dashboard", is_municipal_staff)
rules.add_rule("initiatives.edit", is_owner)
rules.add_rule("initiatives.add_owner", is_owner)
rules.add_rule("initiatives.owner_transition", is_owner)
rules.add_rule("initiatives.write_message", is_owner | is_contact_person)
rules.add_rule("initiatives.write_internal_note", is_municipal_staff)
rules.add_rule("initiatives.assign", is_municipal_staff)
rules.add_rule("initiatives.staff_transition", is_contact_person)
rules.add_rule("initiatives.manage_partner_roles", is_contact_person)
