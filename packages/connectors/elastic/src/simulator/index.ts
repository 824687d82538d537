/**
 * `@openmdr/connector-elastic/simulator`: a simulated Elastic deployment on 127.0.0.1 —
 * Elasticsearch point in time and `search_after` (with expiry and 429
 * `es_rejected_execution_exception`), Kibana alert status, case comments and Elastic Defend
 * isolation (with the `kbn-xsrf` check) — for demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  ELASTIC_API_KEY,
  ELASTIC_INDICES,
  ELASTIC_PATHS,
  type ElasticRoutesOptions,
  type ElasticSimulatorData,
  type ElasticWrites,
  elasticRoutes,
  elasticSimulatorOptions,
  elasticWrites,
} from './routes.js';
export type { ElasticSeededLucene } from './search-routes.js';
export type { ElasticSeededEsql } from './seeded-esql.js';
export { type ElasticSimulatorConfig, startElasticSimulator } from './start.js';
