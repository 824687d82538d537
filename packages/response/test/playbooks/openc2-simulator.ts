import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the simulator received. */
export interface Receipt {
  requestId: string;
  action: string;
  at: number;
}

/**
 * A local OpenC2 consumer on 127.0.0.1, like an EDR's: acts once per request id (a repeated
 * request id is answered from memory), answers after `delayMs`, and records every receipt.
 */
export async function startOpenC2Simulator(options: { delayMs?: number } = {}) {
  const receipts: Receipt[] = [];
  const effects = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const message = JSON.parse(body) as {
        headers: { request_id: string };
        body: { openc2: { request: { action: string } } };
      };
      const requestId = message.headers.request_id;
      receipts.push({ requestId, action: message.body.openc2.request.action, at: Date.now() });
      if (!effects.has(requestId)) effects.set(requestId, message.body.openc2.request.action);
      const reply = () => {
        response.writeHead(200, { 'content-type': 'application/openc2+json;version=1.0' });
        response.end(
          JSON.stringify({
            headers: { request_id: requestId },
            body: { openc2: { response: { status: 200 } } },
          }),
        );
      };
      if (options.delayMs === undefined || options.delayMs === 0) reply();
      else setTimeout(reply, options.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/openc2`,
    receipts,
    effects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
