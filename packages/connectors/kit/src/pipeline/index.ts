export {
  type ConnectorSourceOptions,
  connectorNormalizer,
  connectorSource,
} from './connector-source.js';
export { rawRecordId } from './record-id.js';
