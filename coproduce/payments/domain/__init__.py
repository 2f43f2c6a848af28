"""Operations on rates, preferences and claims. Each function lists its side effects.

Status changes lock the claim row (`SELECT ... FOR UPDATE`; SQLite's IMMEDIATE transactions
serialise writers) and check the status inside the lock. A second approve or pay of the same
claim, from another tab or a double click, finds it already done and changes nothing: it
returns `Outcome(changed=False)` and the view says so.

One module per part of the work: `rates` (rates, settings, budgets, payment preferences),
`claims` (making and editing claims and their expenses), `statuses` (the status changes
below, all through `set_claim_status`, and the export log), `runs` (payment runs: a batch
of agreed claims paid and marked paid together). Every public name is
re-exported here, so callers keep writing `domain.approve_claim`.
"""

from coproduce.payments.domain.claims import (
    ExpenseError,
    add_expense,
    create_claim,
    create_claim_from_attendance,
    remove_expense,
    update_claim,
)
from coproduce.payments.domain.rates import (
    add_rate,
    set_panel_budget,
    set_payment_preference,
    update_payment_settings,
)
from coproduce.payments.domain.runs import RunPaid, pay_payment_run, start_payment_run
from coproduce.payments.domain.statuses import (
    Outcome,
    approve_claim,
    log_export,
    pay_claim,
    query_claim,
    set_claim_status,
    submit_claim,
    withdraw_claim,
)

__all__ = [
    "ExpenseError",
    "Outcome",
    "RunPaid",
    "add_expense",
    "add_rate",
    "approve_claim",
    "create_claim",
    "create_claim_from_attendance",
    "log_export",
    "pay_claim",
    "pay_payment_run",
    "query_claim",
    "remove_expense",
    "set_claim_status",
    "set_panel_budget",
    "set_payment_preference",
    "start_payment_run",
    "submit_claim",
    "update_claim",
    "update_payment_settings",
    "withdraw_claim",
]
