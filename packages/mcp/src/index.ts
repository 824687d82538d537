/**
 * `@openmdr/mcp`: a Model Context Protocol server exposing OpenMDR's SOC operations as tools.
 *
 * @packageDocumentation
 */

export {};
