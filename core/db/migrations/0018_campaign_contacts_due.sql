-- The dialer's sweep of stranded contacts (dialer/services/stranded.ts): pending contacts of one
-- campaign whose next attempt passed long ago, read in (next_attempt_at, id) order from a cursor.
-- Partial: finished contacts, the vast majority of an old campaign, are not in it.
create index campaign_contacts_pending_due_idx on campaign_contacts (campaign_id, next_attempt_at, id)
  where state = 'pending' and next_attempt_at is not null;
