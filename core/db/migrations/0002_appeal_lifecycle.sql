-- Appeal lifecycle details (core/appeals): when a letter arrived (post registration deadline,
-- R-APL-3), the interim-answer deadline of appeals needing an external organisation (R-APL-4),
-- the channel and address the answer actually went to (R-APL-5), a note beside the no-action
-- reason (R-APL-6) and the closing instant. Which fields each state needs is enforced by the
-- appeal service (core/appeals/lifecycle.ts).
alter table appeals
  add column received_at timestamptz,
  add column interim_due_at timestamptz,
  add column answer_channel text,
  add column answer_address text,
  add column no_action_note text,
  add column closed_at timestamptz;

-- Registration numbers restart every year and are never reused.
alter table appeal_counters add constraint appeal_counters_positive check (last_number > 0);
