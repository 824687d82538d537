export {
  type EnvironmentSecretProviderOptions,
  environmentSecretProvider,
  secretVariableName,
} from './environment-secret-provider.js';
export { type FileSecretProviderOptions, fileSecretProvider } from './file-secret-provider.js';
export { checkSecretName } from './secret-name.js';
export type { SecretProvider } from './secret-provider.js';
