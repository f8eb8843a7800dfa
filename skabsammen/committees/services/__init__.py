"""Changes to bodies, memberships, meetings and applications. Every write checks its
rule and is audited; views, the API, commands and the demo call these."""

from .applications import (
    application_answer_invitation,
    application_appoint,
    application_submit,
    application_withdraw,
    applications_invite_to_working_group,
)
from .bodies import body_create, body_update, membership_add, membership_end, seats_on
from .imports import body_for_name, meeting_import
from .meetings import (
    EDITABLE,
    agenda_item_add,
    agenda_item_decide,
    agenda_item_update,
    agenda_notice_deadline,
    attachment_add,
    attachment_register,
    clean_case_id,
    meeting_approve_minutes,
    meeting_create,
    meeting_mark_held,
    meeting_publish_agenda,
    meeting_record_attendance,
)
from .principles import (
    principle_comment_add,
    principles_document_create,
    principles_draft_from,
    principles_draft_save,
    principles_version_adopt,
)

__all__ = [
    "EDITABLE",
    "agenda_item_add",
    "agenda_item_decide",
    "agenda_item_update",
    "agenda_notice_deadline",
    "application_answer_invitation",
    "application_appoint",
    "application_submit",
    "application_withdraw",
    "applications_invite_to_working_group",
    "attachment_add",
    "attachment_register",
    "body_create",
    "body_for_name",
    "body_update",
    "clean_case_id",
    "meeting_approve_minutes",
    "meeting_create",
    "meeting_import",
    "meeting_mark_held",
    "meeting_publish_agenda",
    "meeting_record_attendance",
    "membership_add",
    "membership_end",
    "principle_comment_add",
    "principles_document_create",
    "principles_draft_from",
    "principles_draft_save",
    "principles_version_adopt",
    "seats_on",
]
