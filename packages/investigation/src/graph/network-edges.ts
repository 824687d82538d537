import type { EventScope } from './event-scope.js';
import { asObject, member, numberAt, objectsAt, textAt } from './ocsf-fields.js';

/** OCSF DNS Activity. */
const DNS_ACTIVITY = 4003;
/** OCSF HTTP Activity. */
const HTTP_ACTIVITY = 4002;
/** `connection_info.direction_id` of an inbound connection. */
const INBOUND = 1;

/**
 * Network classes (4001–4014): the actor process (else the source IP) `connected-to` the
 * destination IP (else its host name); an inbound connection runs from the source IP to the
 * process. DNS Activity (4003): the asker `resolved` the queried domain, which `resolves-to`
 * every IP answer. HTTP Activity (4002) also links the URL's host name. A destination known by
 * both name and IP gets `resolves-to` between them.
 */
export function addNetworkActivity(scope: EventScope, actor: string | undefined): void {
  const event = scope.event;
  const classUid = numberAt(event, 'class_uid');
  const src = scope.endpoint(event.src_endpoint);
  const local = actor ?? src;
  if (classUid === DNS_ACTIVITY) {
    const domain = scope.domain(textAt(event, 'query.hostname'));
    scope.link(local, domain, 'resolved');
    for (const answer of objectsAt(event, 'answers')) {
      scope.link(domain, scope.ip(answer.rdata), 'resolves-to');
    }
    return;
  }
  const dstEndpoint = asObject(event.dst_endpoint);
  const dstIp = scope.ip(member(dstEndpoint, 'ip'));
  const dstName = scope.domain(member(dstEndpoint, 'hostname'));
  const dst = dstIp ?? dstName ?? (classUid === 4006 ? scope.host : undefined);
  scope.link(dstName, dstIp, 'resolves-to');
  if (numberAt(event, 'connection_info.direction_id') === INBOUND) {
    scope.link(src, actor ?? dst, 'connected-to');
  } else {
    scope.link(local, dst, 'connected-to');
  }
  if (classUid === HTTP_ACTIVITY) {
    const urlHost = scope.domain(textAt(event, 'http_request.url.hostname'));
    scope.link(local, urlHost, 'connected-to');
    scope.link(urlHost, dstIp, 'resolves-to');
  }
}
