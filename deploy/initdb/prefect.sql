-- A second database for Prefect's own state next to dkbm's.
CREATE DATABASE prefect OWNER dkbm;
