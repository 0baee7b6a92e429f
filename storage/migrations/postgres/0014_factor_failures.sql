-- The durable login counters split in two (docs/accounts.md, "Throttling"):
-- failed_logins counts wrong passwords and only ever closes the password to
-- clients without a device cookie; factor_failures counts wrong second-factor
-- answers, which only someone who knew the password can give, and alone can
-- lead to the lock that only the helpdesk lifts.
ALTER TABLE users ADD COLUMN factor_failures INTEGER NOT NULL DEFAULT 0;
