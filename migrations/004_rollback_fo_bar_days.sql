-- Drops the day catalogue (the bars stay; a server then cannot start on this schema version).
DROP TABLE IF EXISTS fo_bar_days;
