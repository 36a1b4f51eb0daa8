-- 001-initial.sql: schema version 1 of the Bottega store
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Applied by bottega-store.c inside BEGIN IMMEDIATE … COMMIT together with
-- PRAGMA user_version = 1. Every row that comes from the provider carries its
-- remote id beside the local rowid, unique per account, so that every write
-- from the provider can be an upsert. Deleting an account deletes everything
-- it owns (ON DELETE CASCADE). Times are epoch seconds.

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  url           TEXT    NOT NULL,
  remote_id     INTEGER NOT NULL,
  user_id       INTEGER NOT NULL DEFAULT 0,
  name          TEXT,
  user_name     TEXT,
  is_demo       INTEGER NOT NULL DEFAULT 0,
  needs_auth    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (url, remote_id)
);

CREATE TABLE inboxes (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  remote_id     INTEGER NOT NULL,
  name          TEXT,
  channel_type  TEXT,
  phone_number  TEXT,
  provider      TEXT,
  -- the WhatsApp message_templates of the inbox, as the provider sends them
  templates     TEXT    NOT NULL DEFAULT '[]',
  UNIQUE (account_id, remote_id)
);

CREATE TABLE customers (
  id                     INTEGER PRIMARY KEY,
  account_id             INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  remote_id              INTEGER NOT NULL,
  name                   TEXT,
  email                  TEXT,
  phone_number           TEXT,
  identifier             TEXT,
  thumbnail              TEXT,
  additional_attributes  TEXT    NOT NULL DEFAULT '{}',
  custom_attributes      TEXT    NOT NULL DEFAULT '{}',
  blocked                INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, remote_id)
);

CREATE TABLE conversations (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- the display id: the number the provider shows and its API takes
  remote_id           INTEGER NOT NULL,
  uuid                TEXT,
  inbox_remote_id     INTEGER NOT NULL DEFAULT 0,
  customer_id         INTEGER REFERENCES customers (id) ON DELETE SET NULL,
  channel             TEXT,
  status              TEXT    NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'resolved', 'pending', 'snoozed')),
  priority            TEXT,
  snoozed_until       INTEGER NOT NULL DEFAULT 0,
  can_reply           INTEGER NOT NULL DEFAULT 1,
  unread_count        INTEGER NOT NULL DEFAULT 0,
  assignee_remote_id  INTEGER NOT NULL DEFAULT 0,
  assignee_name       TEXT,
  last_activity_at    INTEGER NOT NULL DEFAULT 0,
  waiting_since       INTEGER NOT NULL DEFAULT 0,
  agent_last_seen_at  INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL DEFAULT 0,
  updated_at          REAL    NOT NULL DEFAULT 0,
  -- the provider has nothing older than the oldest message stored here
  reached_oldest      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, remote_id)
);

-- The conversation list: newest activity first, per account, per status,
-- and over every account.
CREATE INDEX conversations_by_activity
  ON conversations (account_id, last_activity_at DESC, id DESC);
CREATE INDEX conversations_by_status_activity
  ON conversations (account_id, status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_all_by_activity
  ON conversations (last_activity_at DESC, id DESC);
CREATE INDEX conversations_all_by_status_activity
  ON conversations (status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_by_customer
  ON conversations (customer_id);

CREATE TABLE labels (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  remote_id     INTEGER NOT NULL,
  title         TEXT    NOT NULL,
  description   TEXT,
  color         TEXT,
  UNIQUE (account_id, remote_id)
);

-- Conversations name their labels by title (as Chatwoot does).
CREATE TABLE conversation_labels (
  conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  title            TEXT    NOT NULL,
  position         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, title)
) WITHOUT ROWID;

CREATE INDEX conversation_labels_by_title ON conversation_labels (title);

CREATE TABLE messages (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id     INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  -- NULL for a local echo the server does not hold yet
  remote_id           INTEGER,
  content             TEXT,
  message_type        INTEGER NOT NULL DEFAULT 0,
  content_type        TEXT    NOT NULL DEFAULT 'text',
  status              TEXT    NOT NULL DEFAULT 'sent'
                      CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed')),
  private             INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL DEFAULT 0,
  sender_type         TEXT,
  sender_id           INTEGER NOT NULL DEFAULT 0,
  sender_name         TEXT,
  echo_id             TEXT,
  source_id           TEXT,
  external_error      TEXT,
  in_reply_to         INTEGER NOT NULL DEFAULT 0,
  content_attributes  TEXT    NOT NULL DEFAULT '{}',
  -- WhatsApp template parameters of a queued reply (JSON object text)
  template_params     TEXT,
  UNIQUE (account_id, remote_id)
);

-- A conversation's messages: the server's in remote id order, then the local
-- echoes in rowid order (the rowid is the index's last column).
CREATE INDEX messages_by_conversation ON messages (conversation_id, remote_id);

CREATE TABLE attachments (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  message_id    INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  -- NULL until the server holds the file
  remote_id     INTEGER,
  file_type     TEXT,
  extension     TEXT,
  content_type  TEXT,
  data_url      TEXT,
  thumb_url     TEXT,
  file_size     INTEGER NOT NULL DEFAULT 0,
  width         INTEGER NOT NULL DEFAULT 0,
  height        INTEGER NOT NULL DEFAULT 0,
  -- a display name only, never a path
  file_name     TEXT,
  -- the cached download, or the file a queued reply will upload
  local_path    TEXT,
  UNIQUE (account_id, remote_id)
);

CREATE INDEX attachments_by_message ON attachments (message_id);

CREATE TABLE agents (
  id              INTEGER PRIMARY KEY,
  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  remote_id       INTEGER NOT NULL,
  name            TEXT,
  available_name  TEXT,
  email           TEXT,
  role            TEXT,
  thumbnail       TEXT,
  UNIQUE (account_id, remote_id)
);

CREATE TABLE canned_responses (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  remote_id     INTEGER NOT NULL,
  short_code    TEXT,
  content       TEXT,
  UNIQUE (account_id, remote_id)
);

CREATE TABLE drafts (
  conversation_id  INTEGER PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
  text             TEXT    NOT NULL,
  updated_at       INTEGER NOT NULL
);

CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  -- the local echo; the reply's text, template parameters and attachments
  -- (local_path) live on the message and attachments rows
  message_id       INTEGER NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
  echo_id          TEXT    NOT NULL UNIQUE,
  state            TEXT    NOT NULL DEFAULT 'queued'
                   CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL DEFAULT 0,
  last_attempt_at  INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT,
  created_at       INTEGER NOT NULL
);

CREATE INDEX outbox_due ON outbox (account_id, state, next_attempt_at);
CREATE INDEX outbox_by_conversation ON outbox (conversation_id, state, id);

-- Per-account sync cursors ("last_sync", …).
CREATE TABLE sync_state (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key         TEXT    NOT NULL,
  value       TEXT,
  PRIMARY KEY (account_id, key)
) WITHOUT ROWID;

-- Full-text search over message text; accents are ignored both in the text
-- and in the query.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  content,
  content = 'messages',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
END;

CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages
BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;

-- Only when the text really changes: replaying a page must not touch the index.
CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF content ON messages
WHEN old.content IS NOT new.content
BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
END;
