-- The daily due-date job moves the promised date (provision_order_line.expected_date, which no index
-- holds) on up to every open line. Room left on each page lets PostgreSQL make those updates in place
-- (HOT) without touching the indexes, even when every line on a page is overdue.
ALTER TABLE "provision_order_line" SET (fillfactor = 50);
