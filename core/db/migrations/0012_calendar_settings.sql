-- Calendar settings the admin edits on the desktop: the ЕКЦ operator schedule and production-
-- calendar years (a newly published decree, a regional holiday). They override the data shipped
-- in core/calendar/data and take effect when the services start (`hotline start` loads them).
create table calendar_settings (
  key text primary key check (key = 'ekc_schedule' or key ~ '^production_year:[0-9]{4}$'),
  value jsonb not null,
  -- Login of the admin who saved it.
  updated_by text not null,
  updated_at timestamptz not null default now()
);
