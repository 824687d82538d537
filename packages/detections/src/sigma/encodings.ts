/**
 * The encoding modifiers: `wide`/`utf16le`, `utf16be`, `utf16`, `base64`, `base64offset`.
 *
 * @module
 */

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** UTF-16 bytes of a string: little-endian (`wide`, `utf16le`), big-endian, or LE with a BOM. */
export function utf16Bytes(text: string, form: 'le' | 'be' | 'bom'): Uint8Array {
  const offset = form === 'bom' ? 2 : 0;
  const bytes = new Uint8Array(offset + text.length * 2);
  if (form === 'bom') {
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
  }
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const low = code & 0xff;
    const high = code >> 8;
    bytes[offset + index * 2] = form === 'be' ? high : low;
    bytes[offset + index * 2 + 1] = form === 'be' ? low : high;
  }
  return bytes;
}

/** Standard base64 of bytes. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

const OFFSET_START = [0, 2, 3] as const;
const OFFSET_END = [undefined, -3, -2] as const;

/**
 * The `base64offset` modifier: the three base64 forms of `bytes` as it appears at byte offsets
 * 0, 1 and 2 of a longer encoded text, with the characters that depend on the surrounding
 * bytes cut off. A text containing `bytes` anywhere encodes to one of these three.
 */
export function base64OffsetVariants(bytes: Uint8Array): string[] {
  const variants: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(shift + bytes.length);
    padded.fill(0x20, 0, shift);
    padded.set(bytes, shift);
    const encoded = base64(padded);
    const end = OFFSET_END[(bytes.length + shift) % 3];
    variants.push(encoded.slice(OFFSET_START[shift], end));
  }
  return variants;
}

/** Bytes as a string of the same code units (for matching raw byte text). */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}
