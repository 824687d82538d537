/**
 * `@openmdr/connectors/simulators`: vendor simulators — real HTTP servers on 127.0.0.1 that behave
 * like the vendors' APIs (auth, pagination, rate limits, faults, response actions), and log
 * writers for the file connectors (Zeek logs, Suricata EVE, rotated as the sensors rotate them) —
 * for demos, examples and tests: the kit's simulator framework and every vendor package's
 * `/simulator`.
 * Nothing here needs vitest.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-aws/simulator';
export * from '@openmdr/connector-cloudtrail/simulator';
export * from '@openmdr/connector-crowdstrike/simulator';
export * from '@openmdr/connector-darktrace/simulator';
export * from '@openmdr/connector-defender/simulator';
export * from '@openmdr/connector-elastic/simulator';
export * from '@openmdr/connector-entra/simulator';
export * from '@openmdr/connector-guardduty/simulator';
export * from '@openmdr/connector-intel-feeds/simulator';
export * from '@openmdr/connector-kit/simulator';
export * from '@openmdr/connector-misp/simulator';
export * from '@openmdr/connector-okta/simulator';
export * from '@openmdr/connector-panos/simulator';
export * from '@openmdr/connector-securityhub/simulator';
export * from '@openmdr/connector-securitylake/simulator';
export * from '@openmdr/connector-sentinel/simulator';
export * from '@openmdr/connector-sentinelone/simulator';
export * from '@openmdr/connector-splunk/simulator';
export * from '@openmdr/connector-suricata/simulator';
export * from '@openmdr/connector-taxii/simulator';
export * from '@openmdr/connector-zeek/simulator';
