"""The rules the audit knows. Each module registers one rule (line.registry.rule); a new rule
is one module here, one import below, and one `[audit.rules.<id>]` entry in the statute."""

from orgburo.line.rules import (  # noqa: F401  (imported to register them)
    appointed_not_elected,
    appointment_expired,
    assignment_overdue,
    criticism_removed_by_criticised,
    cross_field_conference_missing,
    directive_unacknowledged,
    economic_conference_missing,
    election_overdue,
    enterprise_uninformed,
    event_unacknowledged,
    major_question_undiscussed,
    no_future_secretary,
    officer_without_skills,
    official_without_standing,
    reported_members_differ,
    reports_missing,
    soviet_non_members_below_minimum,
    transfer_not_executed,
    unit_inactive,
    unit_stripped_by_transfers,
    unit_weakened,
    unit_without_secretary,
    urgent_decision_unreported,
)
