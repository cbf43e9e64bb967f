-- The settlement report (form II.06a) for one period grouped by receiving agency, written by
-- hand as one SQL query over the raw dossier table: the reference the report API is measured
-- against (bench/reports.py checks that both give the same figures before timing them).
-- Parameters: %(start)s and %(end)s, the first and last day of the period (inclusive).
WITH p AS (
    SELECT (%(start)s::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS s,
           (%(end)s::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS e
), d AS (
    SELECT a.code AS agency_code, d.state, d.channel, d.received_at, d.due_at, d.closed_at, p.s, p.e,
           COALESCE(d.resolved_at, d.returned_at) AS finish_at,
           (SELECT ev.action FROM dossiers_dossierevent ev
             WHERE ev.dossier_id = d.id AND ev.at < p.e
               AND ev.action IN ('request_supplement', 'supplement_received', 'request_payment', 'payment_received')
             ORDER BY ev.at DESC, ev.seq DESC LIMIT 1) AS pause_action,
           (SELECT ev.at FROM dossiers_dossierevent ev
             WHERE ev.dossier_id = d.id AND ev.at < p.e
               AND ev.action IN ('request_supplement', 'supplement_received', 'request_payment', 'payment_received')
             ORDER BY ev.at DESC, ev.seq DESC LIMIT 1) AS pause_at
      FROM dossiers_dossier d
      JOIN organisations_agency a ON a.id = d.receiving_agency_id
     CROSS JOIN p
     WHERE (d.received_at < p.e AND (d.closed_at IS NULL OR d.closed_at >= p.s) AND (d.resolved_at IS NULL OR d.resolved_at >= p.s))
        OR (d.state = 'refused' AND d.closed_at >= p.s AND d.closed_at < p.e)
), c AS (
    SELECT *, (received_at >= s AND received_at < e) AS received_in,
              (received_at < s AND (finish_at IS NULL OR finish_at >= s) AND (state NOT IN ('withdrawn', 'stopped') OR closed_at >= s)) AS carried
      FROM d
), k AS (
    SELECT *, (received_in OR carried) AS cohort,
              ((received_in OR carried) AND finish_at >= s AND finish_at < e) AS resolved,
              ((received_in OR carried) AND (finish_at IS NULL OR finish_at >= e) AND (state NOT IN ('withdrawn', 'stopped') OR closed_at >= e)) AS open_at_end,
              -- waiting at E for a supplement asked before the due time: paused, so not overdue (rules 5.3)
              COALESCE(pause_action = 'request_supplement' AND pause_at < due_at, false) AS paused_in_time
      FROM c
)
SELECT agency_code AS key,
       count(*) FILTER (WHERE cohort) AS received_total,
       count(*) FILTER (WHERE received_in AND channel = 'online') AS received_online,
       count(*) FILTER (WHERE received_in AND channel = 'counter') AS received_counter,
       count(*) FILTER (WHERE received_in AND channel = 'postal') AS received_postal,
       count(*) FILTER (WHERE carried) AS carried_over,
       count(*) FILTER (WHERE resolved) AS resolved_total,
       count(*) FILTER (WHERE resolved AND (finish_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < (due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS resolved_early,
       count(*) FILTER (WHERE resolved AND (finish_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = (due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                          AND finish_at <= due_at) AS resolved_on_time,
       count(*) FILTER (WHERE resolved AND finish_at > due_at) AS resolved_late,
       count(*) FILTER (WHERE open_at_end) AS in_progress_total,
       count(*) FILTER (WHERE open_at_end AND (due_at >= e OR paused_in_time)) AS in_progress_not_due,
       count(*) FILTER (WHERE open_at_end AND due_at < e AND NOT paused_in_time) AS in_progress_overdue,
       count(*) FILTER (WHERE cohort AND state = 'withdrawn' AND closed_at >= s AND closed_at < e AND finish_at IS NULL) AS withdrawn,
       count(*) FILTER (WHERE cohort AND state = 'stopped' AND closed_at >= s AND closed_at < e AND finish_at IS NULL) AS stopped,
       count(*) FILTER (WHERE state = 'refused' AND closed_at >= s AND closed_at < e) AS refused,
       count(*) FILTER (WHERE open_at_end AND pause_action IN ('request_supplement', 'request_payment')) AS paused
  FROM k
 GROUP BY agency_code
HAVING count(*) FILTER (WHERE cohort OR (state = 'refused' AND closed_at >= s AND closed_at < e)) > 0
 ORDER BY agency_code;
