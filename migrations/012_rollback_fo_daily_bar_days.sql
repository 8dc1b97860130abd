-- Drops the daily-bar marks: later minute data of a bhavcopy day then stays beside its daily bar.
DROP TABLE IF EXISTS fo_daily_bar_days;
