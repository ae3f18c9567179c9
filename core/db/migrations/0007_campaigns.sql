-- Autoinforming campaigns (R-DLR-1…7): the campaign, its contacts (one per client/account), every
-- attempt with its gateway ids and cost, opt-outs per purpose and channel, the spacing a positive
-- contact imposes on every campaign, and the notices the online account shows. Supervisors'
-- actions go to audit_log (subject_type 'campaign').

create table campaigns (
  id bigserial primary key,
  name text not null check (length(name) between 1 and 200),
  purpose text not null check (purpose in ('debt_reminder', 'reading_reminder', 'restriction_notice', 'information')),
  -- Fallback order: the next channel is tried when one ends negative or cannot be used.
  channels text[] not null check (
    cardinality(channels) between 1 and 5
    and channels <@ array['phone', 'sms', 'email', 'push', 'online_account']::text[]
  ),
  -- {kind: 'filter', ...} or {kind: 'csv'}; CSV rows become contacts at once.
  audience jsonb not null,
  -- Per channel: {sms: "...", email: {subject, text}, phone: "...", push: {title, text}, ...}.
  templates jsonb not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  state text not null default 'draft'
    check (state in ('draft', 'scheduled', 'running', 'paused', 'finished', 'stopped')),
  planned_at timestamptz,
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (ends_at > starts_at)
);
create index campaigns_live_idx on campaigns (state) where state in ('scheduled', 'running', 'paused');

create table campaign_contacts (
  id bigserial primary key,
  campaign_id bigint not null references campaigns (id) on delete cascade,
  client_id bigint not null references clients (id),
  account_id bigint references accounts (id),
  -- Position in the campaign's channel list and attempts made in that channel.
  channel_index smallint not null default 0,
  attempts_in_channel smallint not null default 0,
  attempts_total smallint not null default 0,
  state text not null default 'pending'
    check (state in ('pending', 'in_progress', 'positive', 'negative', 'goal_met', 'opted_out', 'unreachable', 'stopped')),
  next_attempt_at timestamptz,
  -- Bumped whenever a job is queued for the contact; a job carrying an older value is stale.
  job_seq integer not null default 0,
  finish_reason text,
  finished_at timestamptz,
  -- Values given by a CSV row (e.g. a restriction date); billing figures are read per attempt.
  variables jsonb not null default '{}'
);
create unique index campaign_contacts_account_uq on campaign_contacts (campaign_id, account_id);
create index campaign_contacts_state_idx on campaign_contacts (campaign_id, state);
create index campaign_contacts_client_idx on campaign_contacts (client_id);

create table campaign_attempts (
  id bigserial primary key,
  contact_id bigint not null references campaign_contacts (id) on delete cascade,
  campaign_id bigint not null references campaigns (id) on delete cascade,
  attempt_no smallint not null,
  channel text not null check (channel in ('phone', 'sms', 'email', 'push', 'online_account')),
  -- claimed: decided, nothing sent; sending: handed to the gateway (a crash here is never
  -- re-sent); sent: the gateway took it, the result comes later (receipt, call end).
  stage text not null default 'claimed' check (stage in ('claimed', 'sending', 'sent', 'done')),
  claimed_at timestamptz not null,
  sent_at timestamptz,
  finished_at timestamptz,
  result text check (result in ('positive', 'negative')),
  -- no_answer, busy, undelivered, bounced, confirmed, played, crashed_unknown…
  detail text,
  gateway_ids text[] not null default '{}',
  -- SMS receipts per gateway message id (one per part): {"0000000001": "DELIVRD"}.
  receipts jsonb not null default '{}',
  -- Cost parts: SMS parts, call seconds.
  cost_units integer,
  unique (contact_id, attempt_no),
  check ((stage = 'done') = (result is not null))
);
create index campaign_attempts_gateway_idx on campaign_attempts using gin (gateway_ids);
create index campaign_attempts_campaign_idx on campaign_attempts (campaign_id, channel);

-- A client who asked to stop ('СТОП', a key in the call, the supervisor) for a purpose; channel
-- '*' = every channel.
create table campaign_opt_outs (
  client_id bigint not null references clients (id) on delete cascade,
  purpose text not null check (purpose in ('debt_reminder', 'reading_reminder', 'restriction_notice', 'information')),
  channel text not null check (channel in ('*', 'phone', 'sms', 'email', 'push', 'online_account')),
  source text not null check (source in ('sms_stop', 'call_key', 'supervisor', 'online_account')),
  at timestamptz not null,
  primary key (client_id, purpose, channel)
);

-- After a positive contact no campaign reaches the client in that channel before not_before.
create table channel_spacing (
  client_id bigint not null references clients (id) on delete cascade,
  channel text not null check (channel in ('phone', 'sms', 'email', 'push', 'online_account')),
  not_before timestamptz not null,
  primary key (client_id, channel)
);

-- Push and online-account notices: stored as rows the LK reads (and a push gateway delivers).
create table client_notices (
  id bigserial primary key,
  client_id bigint not null references clients (id) on delete cascade,
  account_id bigint references accounts (id),
  campaign_id bigint references campaigns (id) on delete set null,
  attempt_id bigint unique references campaign_attempts (id) on delete set null,
  channel text not null check (channel in ('push', 'online_account')),
  title text not null,
  body text not null,
  created_at timestamptz not null,
  read_at timestamptz
);
create index client_notices_client_idx on client_notices (client_id, created_at desc);
