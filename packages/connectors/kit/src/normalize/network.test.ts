import { describe, expect, it } from 'vitest';
import { httpActivityId, isOcsfHttpMethod, trafficPart } from './network.js';

describe('trafficPart', () => {
  it('totals each direction only when one side is known', () => {
    expect(trafficPart({ bytesOut: 10, bytesIn: 5, packetsOut: 2 })).toMatchObject({
      bytes: 15,
      packets: 2,
      packets_in: undefined,
    });
    expect(trafficPart({}).bytes).toBeUndefined();
    expect(trafficPart({ bytesIn: 0 }).bytes).toBe(0);
  });
});

describe('httpActivityId', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['get', 3],
    ['POST', 6],
    ['PATCH', 9],
    ['PROPFIND', 99],
  ])('%s → %i', (method, id) => {
    expect(httpActivityId(method)).toBe(id);
  });

  it('tells the methods OCSF enumerates', () => {
    expect(isOcsfHttpMethod('Get')).toBe(true);
    expect(isOcsfHttpMethod('PROPFIND')).toBe(false);
    expect(isOcsfHttpMethod(undefined)).toBe(false);
  });
});
