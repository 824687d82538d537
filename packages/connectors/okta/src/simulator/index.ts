/**
 * `@openmdr/connector-okta/simulator`: routes that simulate the Okta Users API lifecycle calls the
 * connector's actions use, for demos, examples and tests (mount them on the kit's
 * `createVendorSimulator` beside a System Log dataset). Needs no vitest.
 *
 * @packageDocumentation
 */
export { oktaUserRoutes, type SimulatedOktaUser } from './routes.js';
