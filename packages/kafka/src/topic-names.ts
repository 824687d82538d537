import { StreamError } from '@openmdr/core';

/** Kafka's longest topic name. */
const MAX_TOPIC_LENGTH = 249;
/** A prefix or stream name: Kafka's topic characters, without the `.` that separates the parts. */
const PART_PATTERN = /^[A-Za-z0-9_-]+$/;
/** A tenant id as @openmdr/core accepts it (all of its characters are legal in a topic). */
const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Checks a topic prefix or a stream name: letters, digits, `_` and `-` (no `.`, so that
 * `<prefix>.<tenant>.<name>` reads back unambiguously even though tenant ids may hold dots).
 * @throws StreamError `STREAM_CONFIG`.
 */
export function checkTopicPart(option: 'topicPrefix' | 'name', value: string): string {
  if (!PART_PATTERN.test(value)) {
    throw new StreamError(
      `invalid ${option} ${JSON.stringify(value)}: use letters, digits, '_' and '-'`,
      { code: 'STREAM_CONFIG', details: { option, value } },
    );
  }
  return value;
}

/**
 * The topic of a tenant's stream: `<prefix>.<tenant>.<name>` (for example
 * `openmdr.acme.events`).
 * @throws StreamError `STREAM_CONFIG` when the tenant id is invalid or the name exceeds Kafka's
 * 249 characters.
 */
export function kafkaTopicName(prefix: string, tenant: string, name: string): string {
  if (!TENANT_PATTERN.test(tenant)) {
    throw new StreamError(`invalid tenant id ${JSON.stringify(tenant)}`, {
      code: 'STREAM_CONFIG',
      details: { option: 'tenant', value: tenant },
    });
  }
  const topic = `${prefix}.${tenant}.${name}`;
  if (topic.length > MAX_TOPIC_LENGTH) {
    throw new StreamError(
      `topic ${JSON.stringify(topic)} is longer than Kafka's ${MAX_TOPIC_LENGTH} characters`,
      { code: 'STREAM_CONFIG', details: { option: 'name', value: topic } },
    );
  }
  return topic;
}

/**
 * The tenant of a topic made by {@link kafkaTopicName} with this prefix and name, or
 * `undefined` for any other topic.
 */
export function tenantOfTopic(topic: string, prefix: string, name: string): string | undefined {
  const head = `${prefix}.`;
  const tail = `.${name}`;
  if (!topic.startsWith(head) || !topic.endsWith(tail)) return undefined;
  const tenant = topic.slice(head.length, topic.length - tail.length);
  return TENANT_PATTERN.test(tenant) ? tenant : undefined;
}
