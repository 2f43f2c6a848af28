"""Who may do what with claims. Views call these; the domain repeats the one hard rule
(nobody agrees or pays their own claim).

- The claimant (the Person linked to the login) sees their own claims, makes them, adds
  expenses, sends and takes them back.
- Staff check claims: they see everyone's, make claims for people who do not log in, agree
  them or send them back with a question. Staff run the meetings and know who came.
- Organisation admins are finance: they mark claims paid, download the payment export, and
  set rates, limits and budgets. They already must use two-step sign in, which matters for
  a page that releases money, and keeping "agree" and "pay" as separate steps means a
  payment needs two people in most teams.
"""

from __future__ import annotations

from coproduce.core.models import Membership, Role
from coproduce.payments.models import Claim, Status


def can_check_claims(membership: Membership) -> bool:
    return membership.has_role(Role.STAFF)


def can_run_finance(membership: Membership) -> bool:
    return membership.has_role(Role.ADMIN)


def is_claimant(membership: Membership, claim: Claim) -> bool:
    return claim.person.user_id is not None and claim.person.user_id == membership.user_id


def can_see_claim(membership: Membership, claim: Claim) -> bool:
    return is_claimant(membership, claim) or can_check_claims(membership)


def can_change_claim(membership: Membership, claim: Claim) -> bool:
    return claim.is_editable and can_see_claim(membership, claim)


def can_send_claim(membership: Membership, claim: Claim) -> bool:
    return claim.status in Status.editable() and can_see_claim(membership, claim)


def can_withdraw_claim(membership: Membership, claim: Claim) -> bool:
    return claim.status in (Status.DRAFT, Status.SUBMITTED, Status.QUERIED) and can_see_claim(
        membership, claim
    )


def can_approve_claim(membership: Membership, claim: Claim) -> bool:
    return (
        claim.status == Status.SUBMITTED
        and can_check_claims(membership)
        and not is_claimant(membership, claim)
    )


def can_pay_claim(membership: Membership, claim: Claim) -> bool:
    return (
        claim.status == Status.APPROVED
        and can_run_finance(membership)
        and not is_claimant(membership, claim)
    )
