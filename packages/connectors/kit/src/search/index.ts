export {
  isSearchCapable,
  type SearchRunner,
  searchCapability,
  searchOf,
} from './search-capability.js';
