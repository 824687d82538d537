/**
 * `@openmdr/connectors/guardduty`: Amazon GuardDuty — everything of `@openmdr/connector-guardduty`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-guardduty';
