-- Knowledge answers: per topic the reference text the bot (text) and the IVR (voice) give.
-- Versioned: an edit adds a new version and deactivates the previous one; old versions stay
-- for the record. Seeded from core/nlu/knowledge/answers/*.md, editable from the desktop.
create table knowledge_answers (
  id bigserial primary key,
  topic text not null check (topic in (
    'balance', 'meter_reading', 'payment_methods', 'payment_missing', 'bill', 'tariffs', 'outage',
    'restriction', 'contract', 'account_change', 'installment', 'no_debt_certificate', 'meter_service',
    'offices', 'online_account', 'complaint', 'operator', 'other')),
  variant text not null check (variant in ('voice', 'text')),
  version integer not null check (version > 0),
  body text not null check (length(btrim(body)) > 0),
  active boolean not null default true,
  -- Login of the editor, or 'seed' for the files in the repository.
  updated_by text not null,
  updated_at timestamptz not null default now(),
  unique (topic, variant, version)
);
-- At most one active answer per topic and variant.
create unique index knowledge_answers_active_idx on knowledge_answers (topic, variant) where active;
