-- Every session carries acr aal2, whose limits (NIST SP 800-63B-4 Sec. 2.2.3)
-- the organisation policies now respect: at most 1 hour idle and 24 hours
-- overall, also when the user stays logged in. The old default for staying
-- logged in (30 days) becomes the new default (12 hours); other values past
-- the limits become the limits.
UPDATE orgs SET stay_logged_in_us = 43200000000 WHERE stay_logged_in_us = 2592000000000;
UPDATE orgs SET stay_logged_in_us = 86400000000 WHERE stay_logged_in_us > 86400000000;
UPDATE orgs SET session_absolute_us = 86400000000 WHERE session_absolute_us > 86400000000;
UPDATE orgs SET session_idle_us = 3600000000 WHERE session_idle_us > 3600000000;
