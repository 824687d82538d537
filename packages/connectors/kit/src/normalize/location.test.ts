import { describe, expect, it } from 'vitest';
import { locationPart } from './location.js';

describe('locationPart', () => {
  it('maps a named place with its coordinates', () => {
    expect(
      locationPart({
        city: 'Amsterdam',
        region: 'North Holland',
        country: 'NL',
        postalCode: null,
        lat: 52.37,
        long: 4.89,
      }),
    ).toEqual({
      city: 'Amsterdam',
      region: 'North Holland',
      country: 'NL',
      lat: 52.37,
      long: 4.89,
    });
  });

  it('is undefined for no place, coordinates alone included', () => {
    expect(locationPart(undefined)).toBeUndefined();
    expect(locationPart(null)).toBeUndefined();
    expect(locationPart({ city: '', country: null, lat: 0, long: 0 })).toBeUndefined();
  });
});
