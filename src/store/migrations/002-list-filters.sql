-- 002-list-filters.sql: schema version 2: the conversation list's filters and
-- the jump to a conversation by its customer's name
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Applied by bottega-store.c inside BEGIN IMMEDIATE … COMMIT together with
-- PRAGMA user_version = 2. Nothing is rewritten: indexes and a search table
-- are added beside the data of version 1.

-- Mine / unassigned, per status and over every status, newest activity first
-- (the window lists every account at once).
CREATE INDEX conversations_all_by_assignee_status_activity
  ON conversations (assignee_remote_id, status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_all_by_assignee_activity
  ON conversations (assignee_remote_id, last_activity_at DESC, id DESC);

-- One inbox (an inbox's remote id is unique within its account).
CREATE INDEX conversations_by_inbox_status_activity
  ON conversations (inbox_remote_id, account_id, status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_by_inbox_activity
  ON conversations (inbox_remote_id, account_id, last_activity_at DESC, id DESC);

-- Unread only: few rows, so a partial index in the list's order.
CREATE INDEX conversations_unread_by_activity
  ON conversations (last_activity_at DESC, id DESC) WHERE unread_count > 0;

-- Customers by name, accents ignored, for the jump to a conversation.
CREATE VIRTUAL TABLE customers_fts USING fts5 (
  name,
  content = 'customers',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');

CREATE TRIGGER customers_fts_after_insert AFTER INSERT ON customers
BEGIN
  INSERT INTO customers_fts (rowid, name) VALUES (new.id, new.name);
END;

CREATE TRIGGER customers_fts_after_delete AFTER DELETE ON customers
BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;

-- Only when the name really changes: every sync upserts customers.
CREATE TRIGGER customers_fts_after_update AFTER UPDATE OF name ON customers
WHEN old.name IS NOT new.name
BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, name) VALUES ('delete', old.id, old.name);
  INSERT INTO customers_fts (rowid, name) VALUES (new.id, new.name);
END;
