-- Every meter reading a client submits is recorded with when and through which channel it came
-- (standard, appendix 2.2), also the ones rejected for not being a number at all (2.3): those
-- keep the text as given and no value. Accepted readings always have a value.
alter table meter_readings alter column value drop not null;
alter table meter_readings add column submitted_text text;
alter table meter_readings
  add constraint meter_readings_accepted_has_value check (state = 'rejected' or value is not null);
