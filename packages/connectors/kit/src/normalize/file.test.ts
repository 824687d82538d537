import { describe, expect, it } from 'vitest';
import { baseName, filePart, fingerprint, fingerprints, parentFolder } from './file.js';

describe('paths', () => {
  it.each([
    ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe', 'C:\\Windows\\System32'],
    ['/usr/bin/curl', 'curl', '/usr/bin'],
    ['cmd.exe', 'cmd.exe', undefined],
    ['/etc', 'etc', undefined],
    ['C:\\Users\\x\\', 'C:\\Users\\x\\', 'C:\\Users\\x'],
  ])('%j: name %j, folder %j', (path, name, folder) => {
    expect(baseName(path)).toBe(name);
    expect(parentFolder(path)).toBe(folder);
  });
});

describe('fingerprint', () => {
  it.each([
    ['MD5', 1, 'MD5'],
    ['sha1', 2, 'SHA-1'],
    ['SHA-256', 3, 'SHA-256'],
    ['SHA256', 3, 'SHA-256'],
    ['SHA384', 9, 'SHA-384'],
    ['SHA512', 4, 'SHA-512'],
    ['IMPHASH', 18, 'Imphash'],
    ['ssdeep', 5, 'CTPH'],
  ])('%j is algorithm %i (%s)', (algorithm, id, caption) => {
    expect(fingerprint(algorithm, 'AB12')).toEqual({
      algorithm_id: id,
      algorithm: caption,
      value: 'AB12',
    });
  });

  it('keeps an algorithm OCSF has no id for as Other', () => {
    expect(fingerprint('PEHASH', 'ab12')).toEqual({
      algorithm_id: 99,
      algorithm: 'PEHASH',
      value: 'ab12',
    });
  });

  it('lower-cases the hashes of a vendor record and is undefined without any', () => {
    expect(fingerprints({ md5: 'AB', sha256: 'CD' })).toEqual([
      { algorithm_id: 1, algorithm: 'MD5', value: 'ab' },
      { algorithm_id: 3, algorithm: 'SHA-256', value: 'cd' },
    ]);
    expect(fingerprints({ md5: '' })).toBeUndefined();
  });
});

describe('filePart', () => {
  it('names the file by the last path segment and types executables', () => {
    expect(
      filePart({ path: 'C:\\Temp\\payload.exe', sha1: 'AA', size: 12, executable: true }),
    ).toEqual({
      name: 'payload.exe',
      path: 'C:\\Temp\\payload.exe',
      parent_folder: 'C:\\Temp',
      type_id: 8,
      hashes: [{ algorithm_id: 2, algorithm: 'SHA-1', value: 'aa' }],
      size: 12,
    });
  });

  it('is undefined without a name or a path', () => {
    expect(filePart({ sha256: 'aa' })).toBeUndefined();
    expect(filePart({ name: 'a.txt' })).toEqual({ name: 'a.txt', type_id: 1 });
  });
});
