-- Supervision reports and the wallboard (agent-desktop/server/supervision/db) read a period of
-- history; without these every report scanned whole tables (interaction_events grows by ~5 rows a
-- call and ~13 a chat). Each index matches one report predicate:
-- * SLA and offers-by-queue filter events by kind, then by time: (kind, at) reads only the
--   acd_answered / acd_withdrawn / acd_first_answer rows of the period, not every chat message.
create index interaction_events_kind_at_idx on interaction_events (kind, at);
-- * abandoned calls, calls by hour and by queue bucket interactions by arrival in the queue;
--   self-service interactions never queue, so they stay out of the index.
create index interactions_queued_idx on interactions (queued_at) where queued_at is not null;
-- * appeals by topic and channel count appeals registered in the period;
create index appeals_registered_idx on appeals (registered_at);
-- * SLA counts every appeal due in the period, closed ones too (appeals_open_deadline_idx is
--   only the open ones).
create index appeals_deadline_idx on appeals (deadline_at);
-- Migrations run in a transaction, so these are plain (not concurrent) builds: on a 3.6M-event
-- table the events index took ~13 s, during which writes to interaction_events wait.
