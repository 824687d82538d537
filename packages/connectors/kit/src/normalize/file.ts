import { FingerprintAlgorithmId } from '@openmdr/core';
import { compact, type OcsfPart } from './compact.js';

/** OCSF fingerprint `algorithm_id` by the names vendors give a hash (upper case, no `-`). */
const ALGORITHM_IDS: Readonly<Record<string, keyof typeof FingerprintAlgorithmId>> = {
  MD5: 1,
  SHA1: 2,
  SHA256: 3,
  SHA512: 4,
  SSDEEP: 5,
  CTPH: 5,
  TLSH: 6,
  QUICKXORHASH: 7,
  SHA224: 8,
  SHA384: 9,
  IMPHASH: 18,
};

/**
 * One OCSF fingerprint from an algorithm name as vendors write it (`MD5`, `SHA1`, `SHA-256`,
 * `IMPHASH`, any case) and a value, kept as written. An algorithm OCSF has no id for becomes
 * Other (99) with its name in `algorithm`.
 */
export function fingerprint(algorithm: string, value: string): OcsfPart {
  const id = ALGORITHM_IDS[algorithm.replaceAll('-', '').toUpperCase()];
  return id === undefined
    ? { algorithm_id: 99, algorithm, value }
    : { algorithm_id: id, algorithm: FingerprintAlgorithmId[id], value };
}

/** OCSF fingerprints from the hashes a vendor gives (lower-cased hex), or `undefined`. */
export function fingerprints(hashes: {
  md5?: string | undefined;
  sha1?: string | undefined;
  sha256?: string | undefined;
}): OcsfPart[] | undefined {
  const out: OcsfPart[] = [];
  if (hashes.md5) out.push(fingerprint('MD5', hashes.md5.toLowerCase()));
  if (hashes.sha1) out.push(fingerprint('SHA1', hashes.sha1.toLowerCase()));
  if (hashes.sha256) out.push(fingerprint('SHA256', hashes.sha256.toLowerCase()));
  return out.length > 0 ? out : undefined;
}

/**
 * The last segment of a Windows or POSIX path; the path itself when it ends with a separator.
 */
export function baseName(path: string): string {
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return path.slice(index + 1) || path;
}

/** Everything before the last path separator, or `undefined` when there is none (or only a root). */
export function parentFolder(path: string): string | undefined {
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return index > 0 ? path.slice(0, index) : undefined;
}

/**
 * An OCSF file from a full path (Windows or POSIX separators) and what else is known; the name
 * is the last path segment. `type_id` is 8 (Executable) when `executable`, else 1 (Regular
 * File). `undefined` when neither a name nor a path is known.
 */
export function filePart(file: {
  path?: string | undefined;
  name?: string | undefined;
  md5?: string | undefined;
  sha1?: string | undefined;
  sha256?: string | undefined;
  size?: number | undefined;
  executable?: boolean;
  extra?: OcsfPart;
}): OcsfPart | undefined {
  const name = file.name ?? (file.path ? baseName(file.path) : undefined);
  if (!name) return undefined;
  return compact({
    name,
    path: file.path,
    parent_folder: file.path && file.path !== name ? parentFolder(file.path) : undefined,
    type_id: file.executable === true ? 8 : 1,
    hashes: fingerprints(file),
    size: file.size,
    ...file.extra,
  });
}
