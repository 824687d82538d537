import { describe, expect, it } from 'vitest';
import { AWS_COMMERCIAL_REGIONS, awsServiceRegions } from './aws-regions.js';

describe('awsServiceRegions', () => {
  it('gives every commercial, GovCloud and China Region its service endpoint', () => {
    const regions = awsServiceRegions('guardduty');
    expect(Object.keys(regions)).toHaveLength(AWS_COMMERCIAL_REGIONS.length + 4);
    expect(regions['eu-west-1']).toEqual({ baseUrl: 'https://guardduty.eu-west-1.amazonaws.com' });
    expect(regions['us-gov-west-1']).toMatchObject({ government: true });
    expect(regions['cn-north-1']?.baseUrl).toBe('https://guardduty.cn-north-1.amazonaws.com.cn');
  });

  it('leaves China out when asked', () => {
    const regions = awsServiceRegions('s3', { china: false });
    expect(regions['cn-north-1']).toBeUndefined();
    expect(regions['us-gov-east-1']?.baseUrl).toBe('https://s3.us-gov-east-1.amazonaws.com');
  });
});
