import { compact, type OcsfPart } from './compact.js';

/** A place as vendors give it (Okta `geographicalContext`, Graph `signInLocation`). */
export interface LocationInput {
  city?: string | null | undefined;
  /** State or province. */
  region?: string | null | undefined;
  /** Country name or ISO code, as the vendor writes it. */
  country?: string | null | undefined;
  postalCode?: string | null | undefined;
  lat?: number | null | undefined;
  long?: number | null | undefined;
}

/**
 * OCSF `location` of a place, or `undefined` when it names no place (no city, region, country
 * or postal code): coordinates alone, which vendors send as `0, 0` for "unknown", are no place.
 */
export function locationPart(location: LocationInput | null | undefined): OcsfPart | undefined {
  if (!location) return undefined;
  const named = [location.city, location.region, location.country, location.postalCode].some(
    (value) => typeof value === 'string' && value.length > 0,
  );
  if (!named) return undefined;
  return compact({
    city: location.city,
    region: location.region,
    country: location.country,
    postal_code: location.postalCode,
    lat: location.lat,
    long: location.long,
  });
}
