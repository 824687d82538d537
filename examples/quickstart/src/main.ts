/** Placeholder until the OCSF model lands; replaced in the same series of commits. */
console.log('OpenMDR quickstart');
