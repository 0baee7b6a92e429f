-- Four eyes for every action that removes, replaces or redirects a second
-- factor (package account/helpdesk). A request keeps what it asks for, fixed
-- when it is made, so the one who approves cannot change it: the factor in
-- factor_id (already there), and for a temporary phone number the number,
-- sealed like every phone number (secretbox, bound to the row's id), and the
-- end in Unix microseconds (0: none).
ALTER TABLE helpdesk_actions ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE helpdesk_actions ADD COLUMN ends_at BIGINT NOT NULL DEFAULT 0;
