export {
  createEventBus,
  type EventBus,
  type EventBusOptions,
  type EventMap,
  type Listener,
  type ListenerErrorPayload,
} from './event-bus.js';
export {
  createOpenMdrBus,
  type OcsfObject,
  type OpenMdrBus,
  type OpenMdrEvents,
} from './openmdr-events.js';
