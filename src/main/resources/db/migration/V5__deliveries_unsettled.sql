-- V5: the operators' deliveries page and `blockline deliveries list` (issue 18) page through the
-- pending and dead deliveries of every session, newest first. Only those rows are in this index:
-- the delivered and acknowledged ones, nearly all of them, leave it when they settle, so the list
-- never walks the settled history.
CREATE INDEX deliveries_unsettled ON deliveries (id) WHERE status IN ('PENDING', 'DEAD');
