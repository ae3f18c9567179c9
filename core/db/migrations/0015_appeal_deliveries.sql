-- Delivery of appeal answers over the client's chosen channel (R-APL-5), of interim answers
-- (R-APL-4) and of the registration auto-reply (R-APL-2). One row per appeal stage that owes the
-- client a message (unique stage_event_id: recording a stage twice cannot send twice). The text
-- is fixed when the stage is recorded; the outcome of each send is also an appeal_events row
-- (data.action = 'answer_sent' / 'answer_failed').
create table appeal_deliveries (
  id bigserial primary key,
  appeal_id bigint not null references appeals (id) on delete cascade,
  stage_event_id bigint not null unique references appeal_events (id) on delete cascade,
  purpose text not null check (purpose in ('registration', 'interim', 'answer')),
  channel text not null,
  address text,
  title text not null,
  body text not null,
  -- queued → sending → sent | failed; call_back (phone: the operator calls) and manual (post and
  -- other channels without a sender) are tasks an operator closes as sent.
  status text not null check (status in ('queued', 'sending', 'sent', 'failed', 'call_back', 'manual')),
  attempts integer not null default 0,
  -- Each operator retry after a failure starts a new round (a new BullMQ job id).
  round integer not null default 1,
  last_error text,
  gateway_ref text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  sent_at timestamptz,
  sent_by bigint references users (id)
);
create index appeal_deliveries_appeal_idx on appeal_deliveries (appeal_id, id);
create index appeal_deliveries_queued_idx on appeal_deliveries (updated_at) where status in ('queued', 'sending');
