-- The seeded rules named their sources in research notes kept outside the repository; the same
-- facts, with the same section numbers, are now in docs/domain.md. GET /api/v1/rules shows this
-- column, so it must point where a reader can follow. Only the profiles' defaults are rewritten:
-- an override's source is what its author wrote.
UPDATE alert_rules
   SET source = replace(replace(source, 'DOMAIN-SOURCES.md', 'docs/domain.md'),
                        'DOMAIN.md', 'docs/domain.md')
 WHERE profile IS NOT NULL
   AND (source LIKE '%DOMAIN-SOURCES.md%' OR source LIKE '%DOMAIN.md%');
