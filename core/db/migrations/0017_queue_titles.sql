-- Queues get a display name: screens showed the ACD's ids (voice_billing), which an operator or a
-- supervisor should not have to decode. The id stays the key; the title is what people read.
alter table acd_queues add column title text check (title is null or length(title) between 1 and 80);

-- Installations seeded before this migration: the demo queues get the demo's titles (core/seed/queues.ts).
update acd_queues set title = 'Звонки: оплата и начисления' where name = 'voice_billing' and title is null;
update acd_queues set title = 'Звонки: общие вопросы' where name = 'voice_general' and title is null;
update acd_queues set title = 'Чаты' where name = 'chat_general' and title is null;
