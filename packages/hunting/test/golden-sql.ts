/** Expected SQL of each golden case (predicate only), per dialect; `UNSUPPORTED: …` for a reported failure. */
export const GOLDEN_SQL: Readonly<
  Record<string, { readonly duckdb: string; readonly postgres: string }>
> = {
  equality: {
    duckdb:
      '(lower("Image") = \'c:\\windows\\cmd.exe\' OR lower("NewProcessName") = \'c:\\windows\\cmd.exe\')',
    postgres:
      '(lower("Image") = \'c:\\windows\\cmd.exe\' OR lower("NewProcessName") = \'c:\\windows\\cmd.exe\')',
  },
  wildcards: {
    duckdb: 'lower("CommandLine") LIKE \'a%b_c\'',
    postgres: 'lower("CommandLine") LIKE \'a%b_c\'',
  },
  escapes: {
    duckdb: "lower(\"CommandLine\") = 'x*y 50% a_b \\ it''s'",
    postgres: "lower(\"CommandLine\") = 'x*y 50% a_b \\ it''s'",
  },
  'like escapes': {
    duckdb: "lower(\"CommandLine\") LIKE '%50\\%\\_\\\\x*y_%' ESCAPE '\\'",
    postgres: "lower(\"CommandLine\") LIKE '%50\\%\\_\\\\x*y_%' ESCAPE '\\'",
  },
  contains: {
    duckdb: 'contains(lower("CommandLine"), \'evil\')',
    postgres: 'lower("CommandLine") LIKE \'%evil%\'',
  },
  startswith: {
    duckdb: 'starts_with(lower("CommandLine"), \'evil\')',
    postgres: 'lower("CommandLine") LIKE \'evil%\'',
  },
  endswith: {
    duckdb:
      '(ends_with(lower("Image"), \'\\cmd.exe\') OR ends_with(lower("NewProcessName"), \'\\cmd.exe\'))',
    postgres:
      "(lower(\"Image\") LIKE '%\\\\cmd.exe' ESCAPE '\\' OR lower(\"NewProcessName\") LIKE '%\\\\cmd.exe' ESCAPE '\\')",
  },
  cased: {
    duckdb: '("Image" = \'CMD.exe\' OR "NewProcessName" = \'CMD.exe\')',
    postgres: '("Image" = \'CMD.exe\' OR "NewProcessName" = \'CMD.exe\')',
  },
  all: {
    duckdb:
      "list_transform([lower(\"CommandLine\")], _l0 -> (contains(_l0, 'a') AND contains(_l0, 'b')))[1]",
    postgres: '(lower("CommandLine") LIKE \'%a%\' AND lower("CommandLine") LIKE \'%b%\')',
  },
  list: {
    duckdb:
      "list_transform([lower(\"Image\")], _l0 -> list_transform([lower(\"NewProcessName\")], _l1 -> ((_l0 = 'a.exe' OR _l1 = 'a.exe') OR (_l0 = 'b.exe' OR _l1 = 'b.exe')))[1])[1]",
    postgres:
      '((lower("Image") = \'a.exe\' OR lower("NewProcessName") = \'a.exe\') OR (lower("Image") = \'b.exe\' OR lower("NewProcessName") = \'b.exe\'))',
  },
  null: {
    duckdb: '("ParentImage" IS NULL AND "ParentProcessName" IS NULL)',
    postgres: '("ParentImage" IS NULL AND "ParentProcessName" IS NULL)',
  },
  exists: {
    duckdb:
      '(("ParentImage" IS NOT NULL OR len(list_filter("_nulls", _k -> _k = \'ParentImage\')) > 0) OR ("ParentProcessName" IS NOT NULL OR len(list_filter("_nulls", _k -> _k = \'ParentProcessName\')) > 0))',
    postgres:
      '(("ParentImage" IS NOT NULL OR EXISTS (SELECT 1 FROM unnest("_nulls") AS _k WHERE _k = \'ParentImage\')) OR ("ParentProcessName" IS NOT NULL OR EXISTS (SELECT 1 FROM unnest("_nulls") AS _k WHERE _k = \'ParentProcessName\')))',
  },
  'not exists': {
    duckdb:
      'NOT coalesce((("ParentImage" IS NOT NULL OR len(list_filter("_nulls", _k -> _k = \'ParentImage\')) > 0) OR ("ParentProcessName" IS NOT NULL OR len(list_filter("_nulls", _k -> _k = \'ParentProcessName\')) > 0)), false)',
    postgres:
      'NOT coalesce((("ParentImage" IS NOT NULL OR EXISTS (SELECT 1 FROM unnest("_nulls") AS _k WHERE _k = \'ParentImage\')) OR ("ParentProcessName" IS NOT NULL OR EXISTS (SELECT 1 FROM unnest("_nulls") AS _k WHERE _k = \'ParentProcessName\'))), false)',
  },
  neq: {
    duckdb:
      'NOT coalesce((lower("Image") = \'a.exe\' OR lower("NewProcessName") = \'a.exe\'), false)',
    postgres:
      'NOT coalesce((lower("Image") = \'a.exe\' OR lower("NewProcessName") = \'a.exe\'), false)',
  },
  number: {
    duckdb: 'lower("EventID") = \'4688\'',
    postgres: 'lower("EventID") = \'4688\'',
  },
  gt: {
    duckdb:
      'CASE WHEN regexp_full_match(trim("Count"), \'[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?\') THEN TRY_CAST(trim("Count") AS DOUBLE) END > 5',
    postgres:
      'CASE WHEN btrim("Count") ~ \'^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?$\' THEN btrim("Count")::numeric END > 5',
  },
  lte: {
    duckdb:
      'CASE WHEN regexp_full_match(trim("Count"), \'[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?\') THEN TRY_CAST(trim("Count") AS DOUBLE) END <= -1.5',
    postgres:
      'CASE WHEN btrim("Count") ~ \'^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?$\' THEN btrim("Count")::numeric END <= -1.5',
  },
  hour: {
    duckdb:
      "date_part('hour', CASE WHEN regexp_full_match(trim(\"UtcTime\"), '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?Z?') THEN TRY_CAST(replace(replace(trim(\"UtcTime\"), 'T', ' '), 'Z', '') AS TIMESTAMP) END) = 3",
    postgres: 'extract(hour FROM openmdr_timestamp("UtcTime")) = 3',
  },
  week: {
    duckdb:
      "date_part('week', CASE WHEN regexp_full_match(trim(\"UtcTime\"), '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?Z?') THEN TRY_CAST(replace(replace(trim(\"UtcTime\"), 'T', ' '), 'Z', '') AS TIMESTAMP) END) = 10",
    postgres: 'extract(week FROM openmdr_timestamp("UtcTime")) = 10',
  },
  'cidr v4': {
    duckdb:
      "CASE WHEN regexp_full_match(regexp_replace(trim(\"SourceIp\"), '^::[fF]{4}:', ''), '(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])') THEN (TRY_CAST(split_part(regexp_replace(trim(\"SourceIp\"), '^::[fF]{4}:', ''), '.', 1) AS BIGINT) * 16777216 + TRY_CAST(split_part(regexp_replace(trim(\"SourceIp\"), '^::[fF]{4}:', ''), '.', 2) AS BIGINT) * 65536 + TRY_CAST(split_part(regexp_replace(trim(\"SourceIp\"), '^::[fF]{4}:', ''), '.', 3) AS BIGINT) * 256 + TRY_CAST(split_part(regexp_replace(trim(\"SourceIp\"), '^::[fF]{4}:', ''), '.', 4) AS BIGINT)) BETWEEN 167772160 AND 184549375 ELSE false END",
    postgres:
      "CASE WHEN regexp_replace(btrim(\"SourceIp\"), '^::[fF]{4}:', '') ~ '^((25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9]))$' THEN (CAST(split_part(regexp_replace(btrim(\"SourceIp\"), '^::[fF]{4}:', ''), '.', 1) AS BIGINT) * 16777216 + CAST(split_part(regexp_replace(btrim(\"SourceIp\"), '^::[fF]{4}:', ''), '.', 2) AS BIGINT) * 65536 + CAST(split_part(regexp_replace(btrim(\"SourceIp\"), '^::[fF]{4}:', ''), '.', 3) AS BIGINT) * 256 + CAST(split_part(regexp_replace(btrim(\"SourceIp\"), '^::[fF]{4}:', ''), '.', 4) AS BIGINT)) BETWEEN 167772160 AND 184549375 ELSE false END",
  },
  'cidr v6': {
    duckdb:
      "coalesce(list_transform([list_transform([lower(regexp_replace(regexp_replace(trim(\"SourceIp\"), '%.*$', ''), '^\\[(.*)\\]$', '\\1'))], _a -> list_transform([string_split(_a, '::')], _p -> CASE WHEN regexp_full_match(_a, '[0-9a-f:]+') AND len(_p) <= 2 AND regexp_full_match(_p[1], '([0-9a-f]{1,4}(:[0-9a-f]{1,4})*)?') AND (len(_p) = 1 OR regexp_full_match(_p[2], '([0-9a-f]{1,4}(:[0-9a-f]{1,4})*)?')) THEN list_transform([[CASE WHEN _p[1] = '' THEN [] ELSE string_split(_p[1], ':') END, CASE WHEN len(_p) = 1 OR _p[2] = '' THEN [] ELSE string_split(_p[2], ':') END]], _h -> CASE WHEN (len(_p) = 1 AND len(_h[1]) = 8) OR (len(_p) = 2 AND len(_h[1]) + len(_h[2]) <= 7) THEN array_to_string(list_transform(list_concat(_h[1], list_transform(range(8 - len(_h[1]) - len(_h[2])), _z -> '0'), _h[2]), _g -> lpad(_g, 4, '0')), '') END)[1] END)[1])[1]], _s -> NOT starts_with(_s, '00000000000000000000ffff') AND starts_with(_s, '20010db8'))[1], false)",
    postgres: 'openmdr_inet6("SourceIp") <<= \'2001:db8:0:0:0:0:0:0/32\'::cidr',
  },
  re: {
    duckdb: 'regexp_matches("CommandLine", \'a.b\\d+\')',
    postgres: '"CommandLine" ~ \'a[^\\n]b[0-9]+\'',
  },
  're flags': {
    duckdb: 'regexp_matches("CommandLine", \'(?ims)^a.b\')',
    postgres: '"CommandLine" ~* \'(?w)^a.b\'',
  },
  're inline flags': {
    duckdb: 'regexp_matches("CommandLine", \'(?i)\\bevil\\b\')',
    postgres: '"CommandLine" ~* \'\\yevil\\y\'',
  },
  're classes in brackets': {
    duckdb: 'regexp_matches("CommandLine", \'[\\w.-]+\\x41{2,3}\')',
    postgres: '"CommandLine" ~ \'[0-9A-Za-z_.-]+\\U00000041{2,3}\'',
  },
  're named group': {
    duckdb: 'regexp_matches("CommandLine", \'(?P<x>ab)+\')',
    postgres: '"CommandLine" ~ \'(ab)+\'',
  },
  're unicode class': {
    duckdb: 'regexp_matches("CommandLine", \'\\pL+\')',
    postgres:
      'UNSUPPORTED: cannot convert to postgres: re: postgres has no equivalent of \\p (rule 00000000-0000-4000-8000-000000000001)',
  },
  're long repetition': {
    duckdb: 'regexp_matches("CommandLine", \'(ab|c){2,300}\\d{256,}\')',
    postgres:
      '"CommandLine" ~ \'(?:(ab|c)){2}(?:(?:(ab|c)){0,255}){0,1}(?:(ab|c)){0,43}(?:(?:[0-9]){255}){1}(?:[0-9]){1}(?:[0-9])*\'',
  },
  windash: {
    duckdb:
      "list_transform([lower(\"CommandLine\")], _l0 -> (contains(_l0, '-e') OR contains(_l0, '/e') OR contains(_l0, '–e') OR contains(_l0, '—e') OR contains(_l0, '―e')))[1]",
    postgres:
      '(lower("CommandLine") LIKE \'%-e%\' OR lower("CommandLine") LIKE \'%/e%\' OR lower("CommandLine") LIKE \'%–e%\' OR lower("CommandLine") LIKE \'%—e%\' OR lower("CommandLine") LIKE \'%―e%\')',
  },
  base64: {
    duckdb: 'contains("CommandLine", \'YWJj\')',
    postgres: '"CommandLine" LIKE \'%YWJj%\'',
  },
  fieldref: {
    duckdb: 'lower("User") = lower("TargetUser")',
    postgres: 'lower("User") = lower("TargetUser")',
  },
  'fieldref endswith cased': {
    duckdb: 'ends_with("User", "TargetUser")',
    postgres: 'right("User", length("TargetUser")) = "TargetUser"',
  },
  keywords: {
    duckdb:
      "(len(list_filter(\"_keywords\", _k -> contains(lower(_k), 'evil'))) > 0 OR len(list_filter(\"_keywords\", _k -> lower(_k) LIKE '%a\\_b%c%' ESCAPE '\\')) > 0)",
    postgres:
      "(EXISTS (SELECT 1 FROM unnest(\"_keywords\") AS _k WHERE lower(_k) LIKE '%evil%') OR EXISTS (SELECT 1 FROM unnest(\"_keywords\") AS _k WHERE lower(_k) LIKE '%a\\_b%c%' ESCAPE '\\'))",
  },
};
