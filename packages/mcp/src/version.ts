/** Replaced with the package.json version by the build (tsup `define`); absent when run from source. */
declare const __PACKAGE_VERSION__: string | undefined;

/** The version of this package (`0.0.0-source` when run from its TypeScript source). */
export const VERSION: string =
  typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-source';
