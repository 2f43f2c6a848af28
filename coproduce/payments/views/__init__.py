"""Payment pages: `claims` (a person's claims, one claim, preference, statement) and
`finance` (checking, the export, budgets, rates, settings). Helpers are in `common`."""
