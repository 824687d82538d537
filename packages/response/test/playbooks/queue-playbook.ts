import { openc2Command, playbook } from '../../src/playbooks/index.js';

/** The playbook of the BullMQ test: contain the host, block the address. */
export function queueTestPlaybook() {
  return playbook('queue-test')
    .variable('__hostname__', { type: 'string', external: true })
    .action('contain', {
      commands: [
        openc2Command({
          action: 'contain',
          target: { device: { hostname: '__hostname__:value' } },
        }),
      ],
    })
    .action('block', {
      commands: [openc2Command({ action: 'deny', target: { ipv4_net: '203.0.113.9' } })],
    })
    .end('done')
    .build();
}
