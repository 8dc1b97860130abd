-- Writer fail-over (issue 23): the lease that makes one of several `serve --role writer` servers
-- on this database the leader (README "Writer fail-over"). One row per lease ('bars': the bar
-- tables): its holder (a server's id), its term (raised by one at every takeover) and its expiry
-- on the database's clock; the leader renews it, a follower takes it once it has expired. Every
-- bar write transaction of a leader locks the row (FOR KEY SHARE) where holder and term are its
-- own, so a write of a superseded leader finds no row and is refused (fencing), and no takeover
-- (FOR UPDATE SKIP LOCKED) completes while a write holds the row. fo_writer_terms keeps one row per term: who took it
-- when, and the database time of its first and last write (fencing can be checked from it: no
-- term writes after a later term was taken). The bar tables are unchanged.
CREATE TABLE IF NOT EXISTS fo_writer_lease (
  name text PRIMARY KEY,
  holder text NOT NULL DEFAULT '',
  term bigint NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL DEFAULT '-infinity',
  renewed_at timestamptz
);
INSERT INTO fo_writer_lease (name) VALUES ('bars') ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS fo_writer_terms (
  term bigint PRIMARY KEY,
  holder text NOT NULL,
  taken_at timestamptz NOT NULL,
  first_write_at timestamptz,
  last_write_at timestamptz,
  writes bigint NOT NULL DEFAULT 0
);
