-- Base data model: clients and their accounts (billing mirror), meters and readings, charges and
-- payments, outages, interactions, appeals, users and the audit log.
-- Money is in kopecks (bigint), instants are timestamptz, text is UTF-8.
-- Value lists mirror core/vocabulary (a test keeps them in step).

create table clients (
  id bigserial primary key,
  type text not null check (type in ('individual', 'sole_trader', 'legal_entity')),
  full_name text not null,
  inn text check (inn ~ '^\d{10}$|^\d{12}$'),
  phones text[] not null default '{}',
  email text,
  postal_address text,
  preferred_channel text check (preferred_channel in ('phone', 'sms', 'email', 'push', 'online_account', 'telegram', 'vk', 'post')),
  time_zone text not null default 'Asia/Krasnoyarsk',
  vulnerable boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index clients_phones_idx on clients using gin (phones);

-- Consent per channel and, optionally, per purpose (null purpose = every purpose).
create table client_consents (
  client_id bigint not null references clients (id) on delete cascade,
  channel text not null check (channel in ('phone', 'sms', 'email', 'push', 'online_account')),
  purpose text not null default '*',
  allowed boolean not null,
  source text not null default 'contract',
  updated_at timestamptz not null default now(),
  primary key (client_id, channel, purpose)
);

create table accounts (
  id bigserial primary key,
  number text not null unique,
  client_id bigint not null references clients (id),
  owner_full_name text not null,
  area text not null,
  settlement text not null,
  street text,
  house text not null,
  building text,
  apartment text,
  full_address text not null,
  opened_at date not null default current_date,
  closed_at date,
  restricted boolean not null default false,
  created_at timestamptz not null default now()
);
create index accounts_client_idx on accounts (client_id);
create index accounts_address_idx on accounts (settlement, street, house);

create table meters (
  id bigserial primary key,
  account_id bigint not null references accounts (id) on delete cascade,
  serial text not null,
  zones text[] not null check (zones <@ array['single', 'day', 'night', 'peak', 'half_peak']::text[] and cardinality(zones) between 1 and 3),
  digits smallint not null default 6 check (digits between 4 and 9),
  -- Readings above previous + ceiling for the months elapsed are rejected as absurd.
  monthly_ceiling_kwh integer not null default 3000 check (monthly_ceiling_kwh > 0),
  installed_at date not null,
  verified_until date,
  removed_at date,
  unique (account_id, serial)
);

create table meter_readings (
  id bigserial primary key,
  meter_id bigint not null references meters (id) on delete cascade,
  zone text not null check (zone in ('single', 'day', 'night', 'peak', 'half_peak')),
  value numeric(12, 2) not null check (value >= 0),
  taken_at timestamptz not null,
  received_at timestamptz not null default now(),
  channel text not null,
  state text not null check (state in ('accepted', 'rejected')),
  reject_reason text,
  interaction_id uuid,
  check ((state = 'rejected') = (reject_reason is not null))
);
create index meter_readings_meter_idx on meter_readings (meter_id, zone, taken_at desc);

create table charges (
  id bigserial primary key,
  account_id bigint not null references accounts (id) on delete cascade,
  period date not null check (extract(day from period) = 1),
  zone text not null default 'single',
  kwh numeric(12, 2) not null,
  tariff_kopecks integer not null,
  amount_kopecks bigint not null,
  due_date date not null,
  created_at timestamptz not null default now(),
  unique (account_id, period, zone)
);

create table payments (
  id bigserial primary key,
  account_id bigint not null references accounts (id) on delete cascade,
  paid_at timestamptz not null,
  credited_at timestamptz,
  amount_kopecks bigint not null check (amount_kopecks > 0),
  method text not null,
  reference text
);
create index payments_account_idx on payments (account_id, paid_at desc);

create table outages (
  id bigserial primary key,
  kind text not null check (kind in ('planned', 'emergency')),
  area text not null,
  settlement text not null,
  -- Streets affected; empty means the whole settlement.
  streets text[] not null default '{}',
  starts_at timestamptz not null,
  ends_at timestamptz,
  reason text not null,
  grid_company text not null,
  grid_phone text not null,
  created_at timestamptz not null default now(),
  check (ends_at is null or ends_at > starts_at)
);
create index outages_place_idx on outages (settlement, starts_at);

create table users (
  id bigserial primary key,
  login text not null unique,
  full_name text not null,
  password_hash text not null,
  roles text[] not null check (cardinality(roles) > 0 and roles <@ array['operator', 'supervisor', 'admin', 'quality']::text[]),
  sip_endpoint text,
  chat_capacity smallint not null default 3 check (chat_capacity between 0 and 20),
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now()
);

create table interactions (
  id uuid primary key,
  channel text not null,
  direction text not null default 'inbound' check (direction in ('inbound', 'outbound')),
  external_id text,
  client_id bigint references clients (id),
  account_id bigint references accounts (id),
  contact text,
  topics text[] not null default '{}',
  state text not null check (state in ('self_service', 'queued', 'offered', 'connected', 'wrap_up', 'closed', 'abandoned')),
  outcome text check (outcome in ('self_served', 'resolved', 'appeal_registered', 'callback_requested', 'abandoned', 'transferred', 'failed')),
  queue text,
  priority smallint not null default 0,
  agent_id bigint references users (id),
  abusive boolean not null default false,
  csat smallint check (csat between 1 and 5),
  started_at timestamptz not null,
  queued_at timestamptz,
  offered_at timestamptz,
  answered_at timestamptz,
  talk_ended_at timestamptz,
  wrap_up_ended_at timestamptz,
  closed_at timestamptz,
  recording_id text,
  appeal_id bigint
);
create index interactions_started_idx on interactions (started_at);
create index interactions_client_idx on interactions (client_id, started_at desc);
create index interactions_live_idx on interactions (state) where state in ('queued', 'offered');

-- Every stage of every interaction, appended (the ACD writes each transition here).
create table interaction_events (
  id bigserial primary key,
  interaction_id uuid not null references interactions (id) on delete cascade,
  at timestamptz not null,
  kind text not null,
  agent_id bigint references users (id),
  queue text,
  data jsonb not null default '{}'
);
create index interaction_events_interaction_idx on interaction_events (interaction_id, at);

create table appeal_counters (
  year integer primary key,
  last_number integer not null
);

create table appeals (
  id bigserial primary key,
  reg_number text not null unique,
  channel text not null,
  kind text not null check (kind in ('simple', 'complex', 'with_departments', 'external')),
  topics text[] not null default '{}',
  client_id bigint references clients (id),
  account_id bigint references accounts (id),
  -- How to reach the client with the answer (R-APL-5): {channel, address}.
  reply_channel text,
  reply_address text,
  description text not null,
  state text not null check (state in ('registered', 'in_progress', 'interim_answered', 'answered', 'no_action', 'closed')),
  registered_at timestamptz not null,
  deadline_at timestamptz not null,
  interim_answer text,
  interim_answered_at timestamptz,
  full_answer_due_at timestamptz,
  answer text,
  answered_at timestamptz,
  no_action_reason text check (no_action_reason in ('abusive', 'unreadable', 'no_contact', 'repeated')),
  abusive boolean not null default false,
  assigned_to bigint references users (id),
  interaction_id uuid references interactions (id),
  previous_appeal_id bigint references appeals (id)
);
create index appeals_client_idx on appeals (client_id, registered_at desc);
create index appeals_open_deadline_idx on appeals (deadline_at) where state in ('registered', 'in_progress', 'interim_answered');
alter table interactions add foreign key (appeal_id) references appeals (id);

create table appeal_events (
  id bigserial primary key,
  appeal_id bigint not null references appeals (id) on delete cascade,
  at timestamptz not null,
  state text not null,
  user_id bigint references users (id),
  note text,
  data jsonb not null default '{}'
);
create index appeal_events_appeal_idx on appeal_events (appeal_id, at);

-- Who did what to which personal data or recording, when and from where (R-REC-2, R-SEC-1).
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  user_id bigint references users (id),
  actor text not null,
  action text not null,
  subject_type text not null,
  subject_id text,
  client_id bigint,
  ip inet,
  reason text,
  details jsonb not null default '{}'
);
create index audit_log_at_idx on audit_log (at);
create index audit_log_subject_idx on audit_log (subject_type, subject_id);
