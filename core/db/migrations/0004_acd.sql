-- Operator queues (ACD): queue definitions, operators' skill levels, and what the ACD needs on
-- interactions to rebuild Redis from PostgreSQL (recovery) and to apply batched updates in order.

create table acd_queues (
  name text primary key check (name ~ '^[a-z0-9_]{1,48}$'),
  media text not null check (media in ('voice', 'chat')),
  topics text[] not null default '{}',
  strategy text not null default 'longest_idle' check (strategy in ('longest_idle', 'skill_level')),
  overflow_to text references acd_queues (name),
  overflow_after_ms integer check (overflow_after_ms > 0),
  offer_timeout_ms integer not null default 15000 check (offer_timeout_ms > 0),
  prealert_ms integer not null default 80000 check (prealert_ms > 0),
  alert_ms integer not null default 100000 check (alert_ms > prealert_ms),
  wrap_up_ms integer not null default 300000 check (wrap_up_ms > 0),
  short_abandon_ms integer not null default 5000 check (short_abandon_ms >= 0),
  check ((overflow_to is null) = (overflow_after_ms is null))
);

create table acd_agent_skills (
  user_id bigint not null references users (id) on delete cascade,
  queue text not null references acd_queues (name) on delete cascade,
  level smallint not null default 5 check (level between 1 and 10),
  primary key (user_id, queue)
);

-- acd_seq: version of the interaction's routing record; a batch never overwrites a newer one.
-- callback: the caller chose to be called back and left the line (R-ACD-2); it keeps its place.
alter table interactions add column acd_seq bigint, add column callback boolean not null default false;
