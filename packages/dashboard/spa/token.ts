/**
 * Reading the access token from the URL fragment (`#token=…`). DOM-free, so it is unit-tested
 * under Node; the page stores it in `sessionStorage` and clears the fragment.
 */

/** The token in a location hash (`#token=abc&x=y`), or `null`; the rest of the hash kept. */
export function tokenFromHash(hash: string): { token: string | null; rest: string } {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return { token: null, rest: '' };
  let token: string | null = null;
  const rest: string[] = [];
  for (const part of body.split('&')) {
    if (part.startsWith('token=')) {
      try {
        token = decodeURIComponent(part.slice('token='.length)) || null;
      } catch {
        token = null;
      }
    } else if (part !== '') rest.push(part);
  }
  return { token, rest: rest.length > 0 ? `#${rest.join('&')}` : '' };
}
