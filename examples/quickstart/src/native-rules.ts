/**
 * The tenant's own detection-as-code rules, next to the bundled SigmaHQ rules and OpenMDR's
 * built-in native rules.
 */
import { defineRule } from '@openmdr/detections';

interface SignInEvent {
  class_uid?: number;
  status_id?: number;
  user?: { name?: string; email_addr?: string };
  src_endpoint?: { ip?: string; location?: { country?: string; city?: string } };
}

/**
 * A successful sign-in from a country the user never signs in from (the customer's HR record of
 * where each person works, `homeCountries`): MITRE ATT&CK T1078 Valid Accounts.
 */
export function signInFromNewCountry(homeCountries: Readonly<Record<string, readonly string[]>>) {
  return defineRule<SignInEvent>({
    id: 'acme-signin-new-country',
    title: (event) =>
      `Sign-in by ${event.user?.name ?? 'a user'} from a new country (${event.src_endpoint?.location?.country ?? '?'})`,
    severity: 'high',
    classUid: 3002,
    tags: ['attack.initial-access', 'attack.t1078'],
    match: (event) => {
      const user = event.user?.name?.toLowerCase();
      const country = event.src_endpoint?.location?.country;
      if (event.status_id !== 1 || user === undefined || country === undefined) return false;
      const home = homeCountries[user];
      return home !== undefined && !home.includes(country);
    },
    dedupKey: (event) => `${event.user?.name}|${event.src_endpoint?.location?.country}`,
    context: (event) => ({
      country: event.src_endpoint?.location?.country ?? null,
      city: event.src_endpoint?.location?.city ?? null,
      ip: event.src_endpoint?.ip ?? null,
    }),
  });
}
