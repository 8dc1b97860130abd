-- Drops the change log: replicas on a hot standby can then no longer follow the writers (replicas
-- on the primary fall back to LISTEN/NOTIFY with the catalogue's catch-up window).
DROP TABLE IF EXISTS fo_bar_changes;
DROP TABLE IF EXISTS fo_bar_change_counter;
