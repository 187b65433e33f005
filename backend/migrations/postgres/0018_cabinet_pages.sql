-- "My applications" pages with a keyset, the latest changed first, ties by
-- id: the owner's index in that order seeks to a page. An account with
-- many applications read them all at once (10.9 s, then a failure).
DROP INDEX applications_owner;
CREATE INDEX applications_owner ON applications (owner_id, updated_at, id);

-- "My notifications" likewise: the newest first, ties by id.
DROP INDEX notifications_account;
CREATE INDEX notifications_account ON notifications (account_id, at, id);
