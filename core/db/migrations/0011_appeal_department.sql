-- Supervision (agent desktop): an appeal may be handed to another department rather than (or as
-- well as) another operator. Each reassignment is also an appeal_events row with the reason.
alter table appeals add column assigned_department text check (length(assigned_department) between 1 and 120);
