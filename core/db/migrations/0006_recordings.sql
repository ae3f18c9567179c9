-- Call recordings (R-IVR-6, R-REC-1/2): metadata here, audio in recordings storage.
create table recordings (
  id text primary key check (id ~ '^rec_[0-9a-f]{32}$'),
  -- Where the file came from: the ARI recording name or the spool file name (idempotent ingest).
  source_name text not null unique,
  storage_key text not null,
  format text not null check (format in ('wav', 'wav16', 'gsm', 'ulaw', 'alaw', 'sln', 'mp3', 'ogg', 'opus')),
  size_bytes bigint not null check (size_bytes >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  interaction_id uuid references interactions (id),
  -- A file with no known call is kept and flagged, never dropped.
  orphan boolean not null default false,
  channel_id text,
  caller_number text,
  called_number text,
  account_id bigint references accounts (id),
  agent_ids bigint[] not null default '{}',
  appeal_id bigint references appeals (id),
  queue text,
  started_at timestamptz not null,
  duration_ms integer check (duration_ms >= 0),
  ingested_at timestamptz not null,
  legal_hold boolean not null default false,
  legal_hold_reason text,
  purged_at timestamptz,
  last_verified_at timestamptz,
  integrity text not null default 'unverified' check (integrity in ('unverified', 'ok', 'mismatch', 'missing'))
);
create index recordings_started_idx on recordings (started_at);
create index recordings_caller_idx on recordings (caller_number, started_at);
create index recordings_account_idx on recordings (account_id, started_at);
create index recordings_appeal_idx on recordings (appeal_id);
create index recordings_agents_idx on recordings using gin (agent_ids);
create index recordings_expiry_idx on recordings (started_at) where purged_at is null and not legal_hold;

-- Legal hold per appeal: every recording linked to a held appeal is kept.
create table appeal_legal_holds (
  appeal_id bigint primary key references appeals (id),
  reason text not null,
  placed_by bigint references users (id),
  placed_at timestamptz not null
);
