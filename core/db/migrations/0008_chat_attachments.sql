-- Files clients send in the chatbot (photos of meters, scanned documents): the bytes are copied
-- from the channel (Telegram getFile, VK attachment URL, web-chat upload) into the platform's
-- object storage (the storage recordings use) and linked to the interaction and its appeal.
create table chat_attachments (
  id bigserial primary key,
  interaction_id uuid not null references interactions (id),
  -- Set when the interaction's appeal is registered (before or after the copy finished).
  appeal_id bigint references appeals (id),
  channel text not null check (channel in ('telegram', 'vk', 'web_chat')),
  -- The channel's own reference (Telegram file_id, VK photo<owner>_<id>, web upload id).
  channel_ref text not null,
  kind text not null check (kind in ('photo', 'document')),
  -- Sanitized: no path, no control characters, at most 120 characters.
  file_name text not null,
  -- Decided from the bytes (magic numbers), not from what the sender declared.
  mime_type text,
  size_bytes bigint check (size_bytes >= 0),
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text unique,
  -- stored: bytes in storage; rejected: refused by the size/type limits (reason says which).
  status text not null check (status in ('stored', 'rejected')),
  reject_reason text,
  created_at timestamptz not null default now(),
  unique (interaction_id, channel_ref),
  check ((status = 'stored') = (storage_key is not null))
);
create index chat_attachments_appeal on chat_attachments (appeal_id) where appeal_id is not null;
