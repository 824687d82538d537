import { StreamError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { checkTopicPart, kafkaTopicName, tenantOfTopic } from '../src/topic-names.js';

function configError(run: () => unknown): StreamError {
  try {
    run();
  } catch (error) {
    expect(StreamError.isInstance(error)).toBe(true);
    return error as StreamError;
  }
  throw new Error('expected a StreamError');
}

describe('kafka topic names', () => {
  it('names a tenant stream <prefix>.<tenant>.<name>', () => {
    expect(kafkaTopicName('openmdr', 'acme', 'events')).toBe('openmdr.acme.events');
    expect(kafkaTopicName('mssp-1', 'eu.acme_2', 'normalised')).toBe('mssp-1.eu.acme_2.normalised');
  });

  it('reads the tenant back, even one with dots, and nothing from foreign topics', () => {
    const topic = kafkaTopicName('openmdr', 'eu.acme', 'events');
    expect(tenantOfTopic(topic, 'openmdr', 'events')).toBe('eu.acme');
    expect(tenantOfTopic('openmdr.acme.findings', 'openmdr', 'events')).toBeUndefined();
    expect(tenantOfTopic('other.acme.events', 'openmdr', 'events')).toBeUndefined();
    expect(tenantOfTopic('openmdr..events', 'openmdr', 'events')).toBeUndefined();
  });

  it('rejects invalid tenants, prefixes and names with STREAM_CONFIG', () => {
    const tenant = configError(() => kafkaTopicName('openmdr', '-acme', 'events'));
    expect(tenant.code).toBe('STREAM_CONFIG');
    expect(tenant.details).toMatchObject({ option: 'tenant' });
    expect(configError(() => kafkaTopicName('openmdr', 'ac/me', 'events')).code).toBe(
      'STREAM_CONFIG',
    );
    const name = configError(() => checkTopicPart('name', 'ev.ents'));
    expect(name.code).toBe('STREAM_CONFIG');
    expect(name.details).toMatchObject({ option: 'name', value: 'ev.ents' });
    expect(configError(() => checkTopicPart('topicPrefix', '')).details).toMatchObject({
      option: 'topicPrefix',
    });
    expect(checkTopicPart('name', 'events_v2-x')).toBe('events_v2-x');
  });

  it("rejects a topic longer than Kafka's 249 characters", () => {
    const tenant = `t${'x'.repeat(127)}`;
    expect(kafkaTopicName('p', tenant, 'n'.repeat(100))).toHaveLength(2 + 128 + 1 + 100);
    const error = configError(() => kafkaTopicName('p'.repeat(20), tenant, 'n'.repeat(100)));
    expect(error.code).toBe('STREAM_CONFIG');
  });
});
