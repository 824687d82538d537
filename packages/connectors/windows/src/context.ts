import type { OcsfClassKey } from './ocsf-classes.js';
import {
  buildWindowsEvent,
  EventDataReader,
  type OcsfObject,
  type WindowsEventOptions,
} from './ocsf-parts.js';
import type { WindowsEvent } from './record.js';

/** What a per-EventID mapper receives. */
export class MappingContext {
  readonly event: WindowsEvent;
  readonly data: EventDataReader;
  readonly #options: Pick<WindowsEventOptions, 'rawData' | 'level'>;

  constructor(event: WindowsEvent, options: Pick<WindowsEventOptions, 'rawData' | 'level'>) {
    this.event = event;
    this.data = new EventDataReader(event);
    this.#options = options;
  }

  /** Builds the OCSF event; every EventData value not read by the mapper goes to `unmapped`. */
  emit(
    classKey: OcsfClassKey,
    activityId: number,
    attributes: OcsfObject,
    options: Omit<WindowsEventOptions, 'rawData' | 'level'>,
  ): OcsfObject {
    return buildWindowsEvent(this.event, classKey, activityId, attributes, this.data.rest(), {
      ...this.#options,
      ...options,
    });
  }
}

/** Maps one kind of record (a provider's EventID) to an OCSF event. */
export type RecordMapper = (context: MappingContext) => OcsfObject;
