-- 003-catalog.sql: schema version 3: each account's product catalog and
-- where it comes from
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Applied by bottega-store.c inside BEGIN IMMEDIATE … COMMIT together with
-- PRAGMA user_version = 3. Only new tables: the data of version 2 is left
-- as it is.

-- A product as its source (Meta's catalog API, a product feed file) has it,
-- keyed by the shop's own SKU. Prices are integers of the currency's minor
-- unit (cents). A catalog is always replaced whole, in one transaction:
-- rows of the new catalog get the new `generation`, the rest are deleted,
-- so an unchanged product keeps its rowid and its cached image.
CREATE TABLE products (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  retailer_id      TEXT    NOT NULL,
  name             TEXT    NOT NULL,
  description      TEXT,
  brand            TEXT,
  -- BottegaAvailability: 0 in stock, 1 out of stock, 2 preorder,
  -- 3 available for order, 4 discontinued
  availability     INTEGER NOT NULL DEFAULT 0,
  item_condition   TEXT,
  price_minor      INTEGER NOT NULL,
  currency         TEXT    NOT NULL,
  -- NULL: no sale price
  sale_price_minor INTEGER,
  link             TEXT,
  image_url        TEXT,
  -- the cached image on this computer, or NULL
  image_path       TEXT,
  generation       INTEGER NOT NULL DEFAULT 0,
  updated_at       INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, retailer_id)
);

-- The catalog page and the product picker list by name.
CREATE INDEX products_by_name ON products (account_id, name COLLATE NOCASE, id);

-- Search by name, description, brand and SKU, accents ignored.
CREATE VIRTUAL TABLE products_fts USING fts5 (
  name,
  description,
  brand,
  retailer_id,
  content = 'products',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER products_fts_after_insert AFTER INSERT ON products
BEGIN
  INSERT INTO products_fts (rowid, name, description, brand, retailer_id)
  VALUES (new.id, new.name, new.description, new.brand, new.retailer_id);
END;

CREATE TRIGGER products_fts_after_delete AFTER DELETE ON products
BEGIN
  INSERT INTO products_fts (products_fts, rowid, name, description, brand, retailer_id)
  VALUES ('delete', old.id, old.name, old.description, old.brand, old.retailer_id);
END;

-- Only when the text really changes: every refresh rewrites every product.
CREATE TRIGGER products_fts_after_update AFTER UPDATE OF name, description, brand, retailer_id ON products
WHEN old.name IS NOT new.name OR old.description IS NOT new.description
  OR old.brand IS NOT new.brand OR old.retailer_id IS NOT new.retailer_id
BEGIN
  INSERT INTO products_fts (products_fts, rowid, name, description, brand, retailer_id)
  VALUES ('delete', old.id, old.name, old.description, old.brand, old.retailer_id);
  INSERT INTO products_fts (rowid, name, description, brand, retailer_id)
  VALUES (new.id, new.name, new.description, new.brand, new.retailer_id);
END;

-- Where an account's catalog comes from. The Graph API's access token is
-- in the keyring, never here. Times are epoch seconds, 0 = never.
CREATE TABLE catalog_sources (
  account_id    INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  kind          TEXT    NOT NULL DEFAULT 'none' CHECK (kind IN ('none', 'graph', 'feed')),
  base_url      TEXT,
  catalog_id    TEXT,
  feed_path     TEXT,
  refreshed_at  INTEGER NOT NULL DEFAULT 0,
  attempted_at  INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT
);
