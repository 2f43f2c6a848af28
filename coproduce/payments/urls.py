"""Payment URLs, all under /o/<org>/payments/."""

from django.urls import path

from coproduce.payments.views import claims as views
from coproduce.payments.views import finance

claim = "payments/claims/<int:claim_pk>/"
expense = f"{claim}expenses/<int:expense_pk>/"
person = "payments/people/<int:person_pk>/"

org_urlpatterns = [
    # A member's own claims, preference and statement
    path("payments/", views.my_claims, name="payments_my_claims"),
    path("payments/new/", views.claim_create, name="payments_claim_create"),
    path("payments/preference/", views.preference, name="payments_preference"),
    path("payments/statement/", views.statement, name="payments_statement"),
    path(
        "payments/meetings/<int:attendance_pk>/claim/",
        views.claim_from_attendance,
        name="payments_claim_from_attendance",
    ),
    # One claim
    path(claim, views.claim_detail, name="payments_claim_detail"),
    path(f"{claim}change/", views.claim_change, name="payments_claim_change"),
    path(f"{claim}expenses/new/", views.expense_add, name="payments_expense_add"),
    path(f"{expense}remove/", views.expense_remove, name="payments_expense_remove"),
    path(f"{expense}receipt/", views.receipt, name="payments_receipt"),
    path(f"{claim}send/", views.claim_submit, name="payments_claim_submit"),
    path(f"{claim}withdraw/", views.claim_withdraw, name="payments_claim_withdraw"),
    path(f"{claim}approve/", views.claim_approve, name="payments_claim_approve"),
    path(f"{claim}query/", views.claim_query, name="payments_claim_query"),
    path(f"{claim}pay/", views.claim_pay, name="payments_claim_pay"),
    path(f"{claim}remittance/", views.remittance, name="payments_remittance"),
    # Staff: someone else's claims (people who do not log in)
    path(person, views.person_claims, name="payments_person"),
    path(f"{person}new/", views.person_claim_create, name="payments_person_claim_create"),
    path(f"{person}preference/", views.person_preference, name="payments_person_preference"),
    path(f"{person}statement/", views.person_statement, name="payments_person_statement"),
    # Checking and finance
    path("payments/check/", finance.queue, name="payments_queue"),
    path("payments/finance/", finance.finance, name="payments_finance"),
    path("payments/finance/claims-to-pay.csv", finance.export, name="payments_export"),
    path("payments/finance/runs/new/", finance.run_start, name="payments_run_start"),
    path("payments/finance/runs/<int:run_pk>/", finance.run_detail, name="payments_run"),
    path(
        "payments/finance/runs/<int:run_pk>/claims.csv",
        finance.run_export,
        name="payments_run_export",
    ),
    path("payments/finance/budgets/", finance.budgets, name="payments_budgets"),
    path(
        "payments/finance/budgets/<int:panel_pk>/", finance.budget_set, name="payments_budget_set"
    ),
    path("payments/rates/", finance.rates, name="payments_rates"),
    path("payments/rates/new/", finance.rate_add, name="payments_rate_add"),
    path("payments/settings/", finance.payment_settings, name="payments_settings"),
]
