-- 004-search-prefixes.sql: schema version 4: message search stays fast on
-- a million messages
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Applied by bottega-store.c inside BEGIN IMMEDIATE … COMMIT together with
-- PRAGMA user_version = 4. Every word of a search is a prefix ("ca" finds
-- "cappotto", "carta", …). Without a prefix index FTS5 merges the lists of
-- every word that starts so before it can return the newest hit: 0.2 s for
-- a two-letter prefix over a million messages. Indexes of the first 2, 3
-- and 4 characters make such a query one list, read newest first and
-- stopped at the limit (about a third more index on disk).
--
-- The table is made again with the same name, columns and tokenizer, so
-- the triggers of 001 keep it in step as before; 'rebuild' reads the
-- messages once.

DROP TABLE messages_fts;

CREATE VIRTUAL TABLE messages_fts USING fts5 (
  content,
  content = 'messages',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);

INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
